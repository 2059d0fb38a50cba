import type { Config } from '../platform/config/config.ts';
import { Platform } from '../platform/platform.ts';

/** `foyer jobs`: job counts by queue and state, or the failed jobs with their errors. */
export async function runJobsCommand(
  config: Config,
  options: { failed: boolean; queue: string | null },
): Promise<number> {
  const platform = new Platform({ ...config, logLevel: 'warn' }, { role: 'api' });
  await platform.start();
  try {
    if (options.failed) {
      const failed = await platform.jobs.listFailed(options.queue ? { queue: options.queue } : {});
      if (failed.length === 0) console.log('No failed jobs.');
      for (const job of failed) {
        console.log(
          `${job.completedOn?.toISOString() ?? '-'}  ${job.queue}  ${job.id}  retries=${job.retryCount}\n  data:  ${JSON.stringify(job.data)}\n  error: ${JSON.stringify(job.output)}`,
        );
      }
    } else {
      const counts = await platform.jobs.stateCounts();
      const rows = options.queue ? counts.filter((c) => c.queue === options.queue) : counts;
      if (rows.length === 0) console.log('No jobs.');
      for (const c of rows) console.log(`${c.queue.padEnd(48)} ${c.state.padEnd(10)} ${c.count}`);
    }
  } finally {
    await platform.stop();
  }
  return 0;
}
