// Heartbeats for long activities under Temporal. Outside an activity (the in-process runner)
// they do nothing; inside, a cancelled activity stops at its next heartbeat.
import { Context } from '@temporalio/activity';

export function temporalHeartbeat(details?: unknown): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return; // not running as a Temporal activity
  }
  context.heartbeat(details);
  if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason ?? new Error('activity cancelled');
}
