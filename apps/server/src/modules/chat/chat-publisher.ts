import type { Logger } from 'pino';
import type { RealtimeGateway } from '../../platform/realtime/gateway.ts';
import type { PendingPush } from './chat-log.ts';

/**
 * Fans out pushes that committed, in order. A push that cannot be sent
 * (Redis away) is not lost: it is in the log, and every process fills the
 * gap from there when the next push of the channel arrives, or on resume.
 */
export class ChatPublisher {
  constructor(
    private readonly gateway: RealtimeGateway,
    private readonly logger: Logger,
  ) {}

  async publish(pushes: PendingPush[]): Promise<void> {
    for (const push of pushes) {
      try {
        await this.gateway.publishStored(push.channel, push.frame);
      } catch (err) {
        this.logger.warn(
          { err, channel: push.channel, seq: push.frame.seq },
          'chat push not fanned out (kept in the log)',
        );
      }
    }
  }
}
