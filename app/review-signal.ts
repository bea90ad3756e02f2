// Telling Temporal that a document's review is done: the reviewCompleted signal to its
// reviewDeadline workflow, which then stops reminding. Best effort: a document whose
// deadline workflow never started (no flagged values when it was processed in process, or
// already finished) is not an error.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from 'pino';
import { reviewCompleted, reviewWorkflowId } from '../workflows/index.ts';
import type { Config } from './config.ts';
import { lazyClient } from './temporal.ts';

export interface ReviewSignal {
  send(documentId: number): Promise<void>;
  close(): Promise<void>;
}

/** Connects on first use, so the review application starts even while Temporal is away. */
export function temporalReviewSignal(config: Config, logger: Logger): ReviewSignal {
  const client = lazyClient(config);
  return {
    async send(documentId) {
      // A failed connection throws here; the next decision tries again.
      const connected = await client.get();
      try {
        await connected.workflow.getHandle(reviewWorkflowId(documentId)).signal(reviewCompleted);
        logger.info({ documentId, workflowId: reviewWorkflowId(documentId) }, 'review completed: deadline workflow signalled');
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return;
        throw error;
      }
    },
    close: () => client.close(),
  };
}
