import type { Static } from '@sinclair/typebox';
import type {
  CompanyProfile,
  CompanyRow,
  InboxPage,
  InboxQuery,
  Note as NoteSchema,
  Status,
  Visit,
  VisitsPage as VisitsPageSchema,
} from '../../../src/leads/model.ts';
import { qs, request } from './http.ts';

export type { CompanyProfile, CompanyRow, InboxPage, InboxQuery, Status, Visit };
export type Note = Static<typeof NoteSchema>;
export type VisitsPage = Static<typeof VisitsPageSchema>;

const company = (id: number) => `/api/companies/${id}`;

/** One inbox page: filters, sort, keyset cursor. */
export const listCompanies = (q: InboxQuery, signal?: AbortSignal) =>
  request<InboxPage>('GET', `/api/companies${qs(q)}`, undefined, signal);
/** Marks every company seen for the signed-in user (clears the "new" badges). */
export const markAllSeen = () => request<{ seenAt: string }>('POST', '/api/companies/seen');
/** Everything about one company. */
export const getCompany = (id: number, signal?: AbortSignal) =>
  request<CompanyProfile>('GET', company(id), undefined, signal);
/** The visit timeline, newest first, a page at a time. */
export const listVisits = (id: number, cursor?: string | null, signal?: AbortSignal) =>
  request<VisitsPage>('GET', `${company(id)}/visits${qs({ cursor })}`, undefined, signal);
/** Sets the sales status. */
export const setStatus = (id: number, status: Status) =>
  request<{ status: Status }>('PUT', `${company(id)}/status`, { status });
/** Adds a tag. */
export const addTag = (id: number, tag: string) =>
  request<{ tags: string[] }>('POST', `${company(id)}/tags`, { tag });
/** Removes a tag. */
export const removeTag = (id: number, tag: string) =>
  request<{ tags: string[] }>('DELETE', `${company(id)}/tags/${encodeURIComponent(tag)}`);
/** Adds a note signed by the current user. */
export const addNote = (id: number, text: string) =>
  request<Note>('POST', `${company(id)}/notes`, { text });
/** Deletes a note. */
export const deleteNote = (noteId: number) => request<void>('DELETE', `/api/notes/${noteId}`);
/** Every tag in use, with how many companies carry it (for the tag filter). */
export const listTags = (signal?: AbortSignal) =>
  request<{ tag: string; companies: number }[]>('GET', '/api/tags', undefined, signal);
/** Deletes a company and everything recorded about it (admins). */
export const deleteCompany = (id: number) => request<void>('DELETE', company(id));
/** Where the JSON export of everything about one company downloads from (a plain link). */
export const companyExportHref = (id: number) => `${company(id)}/export`;
