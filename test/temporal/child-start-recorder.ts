// A workflow interceptor, bundled into the sandbox beside the workflows under test: every child
// workflow the workflow starts is handed to the `started` sink with its type and arguments (what
// the StartChildWorkflowExecution command carries into the child's history), so a replay can
// show them. Replay does not compare a child's arguments with the history.
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface ChildStartSinks extends Sinks {
  children: { started(workflowType: string, workflowId: string, args: unknown[]): void };
}

const { children } = proxySinks<ChildStartSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      startChildWorkflowExecution(input, next) {
        children.started(input.workflowType, input.options.workflowId ?? '', input.options.args ?? []);
        return next(input);
      },
    },
  ],
});
