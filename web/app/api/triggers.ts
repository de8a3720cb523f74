import type {
  ActionInput,
  Condition,
  ConditionGroup,
  Rules,
  Trigger,
  TriggerInput,
} from '../../../src/alerts/triggers/model.ts';
import { request } from './http.ts';

export type { ActionInput, Condition, ConditionGroup, Rules, Trigger, TriggerInput };

/** A trigger as saved, with the webhook signing secret when this answer made one (shown once). */
export interface TriggerSaved {
  trigger: Trigger;
  secret: string | null;
}
/** What "Send test" did: the company it ran for, whether the rules match it now, the messages. */
export interface TestRun {
  companyId: number;
  matched: boolean;
  outboxIds: number[];
}
/** One time a trigger fired for a company. */
export interface Firing {
  companyId: number;
  companyName: string;
  scope: string;
  firedAt: string;
}

/** Every trigger, oldest first (any role). */
export const listTriggers = (signal?: AbortSignal) =>
  request<Trigger[]>('GET', '/api/triggers', undefined, signal);
/** One trigger. */
export const getTrigger = (id: number, signal?: AbortSignal) =>
  request<Trigger>('GET', `/api/triggers/${id}`, undefined, signal);
/** Creates a trigger (admins); a webhook action makes a signing secret, answered this once. */
export const createTrigger = (body: TriggerInput) =>
  request<TriggerSaved>('POST', '/api/triggers', body);
/** Replaces a trigger, whole (admins); its webhook secret stays. */
export const updateTrigger = (id: number, body: TriggerInput) =>
  request<TriggerSaved>('PUT', `/api/triggers/${id}`, body);
/** Deletes a trigger (admins). */
export const deleteTrigger = (id: number) => request<void>('DELETE', `/api/triggers/${id}`);
/** Runs the trigger's messages now, marked as a test, for a matching recent company (admins). */
export const testTrigger = (id: number) => request<TestRun>('POST', `/api/triggers/${id}/test`, {});
/** A new webhook signing secret; the old one stops working at once (admins). */
export const rotateTriggerSecret = (id: number) =>
  request<TriggerSaved>('POST', `/api/triggers/${id}/rotate-secret`);
/** The trigger's firings, newest first (at most 100). */
export const listFirings = (id: number, signal?: AbortSignal) =>
  request<{ items: Firing[] }>('GET', `/api/triggers/${id}/firings`, undefined, signal);
