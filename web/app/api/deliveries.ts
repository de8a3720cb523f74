import type {
  DeliveriesPage,
  DeliveryLogItem,
  DeliveryState,
} from '../../../src/alerts/delivery/model.ts';
import { qs, request } from './http.ts';

export type { DeliveriesPage, DeliveryLogItem, DeliveryState };

/** The delivery log filter (all optional) and the page to read. */
export interface DeliveriesQuery {
  state?: DeliveryState;
  trigger?: number;
  cursor?: string;
  limit?: number;
}

/** One page of the delivery log, newest first; pass `nextCursor` back for the older ones. */
export const listDeliveries = (q: DeliveriesQuery, signal?: AbortSignal) =>
  request<DeliveriesPage>('GET', `/api/deliveries${qs(q)}`, undefined, signal);
/** Makes a failed (or pending) delivery due now (admins). */
export const retryDelivery = (id: number) =>
  request<{ ok: true }>('POST', `/api/deliveries/${id}/retry`);
