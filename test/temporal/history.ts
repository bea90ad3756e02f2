// Builds a Temporal workflow history (the JSON `temporal workflow show --output json` writes)
// from a recording of a real in-process run of the orchestration core: each activity the core
// called, with its input and result. Replaying it through the real sandbox proves the workflow
// still issues the same commands in the same order. Replace with a history captured from a
// cluster when one is available: the replay test takes either.

export interface RecordedCall {
  activityType: string;
  input: unknown;
  result: unknown;
}

/** An Activities object that records every call it passes through. */
export function recording<T extends object>(activities: T): { activities: T; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const proxy = new Proxy(activities, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return async (input: unknown) => {
        const result = await value.call(target, input);
        calls.push({ activityType: name, input, result: JSON.parse(JSON.stringify(result ?? null)) });
        return result;
      };
    },
  });
  return { activities: proxy, calls };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function payload(value: unknown) {
  if (value === undefined || value === null) return { metadata: { encoding: b64('binary/null') } };
  return { metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(value)) };
}

export interface HistoryInput {
  workflowType: string;
  taskQueue: string;
  input: unknown;
  calls: RecordedCall[];
  result: unknown;
  /** The time of the first event; later events follow a second apart. */
  startTime: string;
}

export function buildHistory(h: HistoryInput): { events: Record<string, unknown>[] } {
  const events: Record<string, unknown>[] = [];
  let clock = Date.parse(h.startTime);
  const add = (eventType: string, attributesName: string, attributes: Record<string, unknown>) => {
    const eventId = events.length + 1;
    events.push({ eventId: String(eventId), eventTime: new Date(clock).toISOString(), eventType: `EVENT_TYPE_${eventType}`, [attributesName]: attributes });
    clock += 1000;
    return eventId;
  };
  const taskQueue = { name: h.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' };
  add('WORKFLOW_EXECUTION_STARTED', 'workflowExecutionStartedEventAttributes', {
    workflowType: { name: h.workflowType },
    taskQueue,
    input: { payloads: [payload(h.input)] },
    workflowExecutionTimeout: '0s',
    workflowRunTimeout: '0s',
    workflowTaskTimeout: '10s',
    originalExecutionRunId: 'f0d4e4c4-0000-4000-8000-000000000001',
    firstExecutionRunId: 'f0d4e4c4-0000-4000-8000-000000000001',
    attempt: 1,
    identity: 'baocao-test',
  });
  const workflowTask = () => {
    const scheduled = add('WORKFLOW_TASK_SCHEDULED', 'workflowTaskScheduledEventAttributes', { taskQueue, startToCloseTimeout: '10s', attempt: 1 });
    const started = add('WORKFLOW_TASK_STARTED', 'workflowTaskStartedEventAttributes', {
      scheduledEventId: String(scheduled),
      identity: 'baocao-test',
      requestId: `request-${scheduled}`,
    });
    return add('WORKFLOW_TASK_COMPLETED', 'workflowTaskCompletedEventAttributes', {
      scheduledEventId: String(scheduled),
      startedEventId: String(started),
      identity: 'baocao-test',
    });
  };
  let completed = workflowTask();
  h.calls.forEach((call, i) => {
    const scheduled = add('ACTIVITY_TASK_SCHEDULED', 'activityTaskScheduledEventAttributes', {
      activityId: String(i + 1),
      activityType: { name: call.activityType },
      taskQueue,
      input: { payloads: [payload(call.input)] },
      scheduleToCloseTimeout: '0s',
      scheduleToStartTimeout: '0s',
      startToCloseTimeout: '300s',
      heartbeatTimeout: '0s',
      workflowTaskCompletedEventId: String(completed),
      retryPolicy: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '120s', maximumAttempts: 5 },
    });
    const started = add('ACTIVITY_TASK_STARTED', 'activityTaskStartedEventAttributes', {
      scheduledEventId: String(scheduled),
      identity: 'baocao-test',
      requestId: `activity-${scheduled}`,
      attempt: 1,
    });
    add('ACTIVITY_TASK_COMPLETED', 'activityTaskCompletedEventAttributes', {
      result: { payloads: [payload(call.result)] },
      scheduledEventId: String(scheduled),
      startedEventId: String(started),
      identity: 'baocao-test',
    });
    completed = workflowTask();
  });
  add('WORKFLOW_EXECUTION_COMPLETED', 'workflowExecutionCompletedEventAttributes', {
    result: { payloads: [payload(h.result)] },
    workflowTaskCompletedEventId: String(completed),
  });
  return { events };
}

const decode = (payload: { data?: string }) => (payload.data ? JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) : null);

/** What buildHistory was given, read back from a history: the input, each activity call (type, input, result), and the result (null when the run had not ended). */
export function recordingOf(history: { events: Record<string, any>[] }): { input: Record<string, unknown>; calls: RecordedCall[]; result: unknown } {
  const of = (type: string) => history.events.filter((e) => e.eventType === `EVENT_TYPE_${type}`);
  const completed = of('ACTIVITY_TASK_COMPLETED');
  const ended = of('WORKFLOW_EXECUTION_COMPLETED')[0];
  return {
    input: decode(of('WORKFLOW_EXECUTION_STARTED')[0]!.workflowExecutionStartedEventAttributes.input.payloads[0]),
    calls: of('ACTIVITY_TASK_SCHEDULED').map((e, i) => ({
      activityType: e.activityTaskScheduledEventAttributes.activityType.name,
      input: decode(e.activityTaskScheduledEventAttributes.input.payloads[0]),
      result: decode(completed[i]!.activityTaskCompletedEventAttributes.result.payloads[0]),
    })),
    result: ended ? decode(ended.workflowExecutionCompletedEventAttributes.result.payloads[0]) : null,
  };
}
