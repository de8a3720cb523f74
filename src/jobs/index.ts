export { type FakeTimers, fakeTimers } from './fake-timers.ts';
export {
  createScheduler,
  type JobFn,
  nextDailyAt,
  type Scheduler,
  type SchedulerDeps,
  type SchedulerLog,
  type SetTimer,
} from './scheduler.ts';
