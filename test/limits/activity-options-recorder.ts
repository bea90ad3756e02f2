// A workflow interceptor, bundled into the sandbox beside the workflows under test: every
// activity the workflow schedules is handed to the `scheduled` sink with the options it was
// scheduled with (the ScheduleActivityTask command's timeouts), so a replay can show them.
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/common';

export interface ActivityOptionsSinks extends Sinks {
  recorder: { scheduled(activityType: string, options: ActivityOptions): void };
}

const { recorder } = proxySinks<ActivityOptionsSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        recorder.scheduled(input.activityType, input.options);
        return next(input);
      },
    },
  ],
});
