// The notifications module's public surface: what other modules may import.
export { type NotificationsServices, notificationsModule } from './module.ts';
