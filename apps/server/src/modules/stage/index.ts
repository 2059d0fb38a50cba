// The stage module's public surface: what other modules may import.
export { type StageServices, stageModule } from './module.ts';
/** Read model: the stage of an event (the venue's player settings build on it). */
export { eventStages } from './schema.ts';
export { STAGE_UPDATED, type StageService } from './stage-service.ts';
