/** What a training job gets: its parameters, a way to report progress, and a cooperative stop check. */
export interface JobContext {
  /** Yields to the event loop (so a stop message can arrive); false once the job should stop. */
  tick(): Promise<boolean>;
}
export type Emit = (msg: Record<string, unknown>) => void;
export type JobFn = (params: never, emit: Emit, ctx: JobContext) => Promise<void>;
