import type { EndpointDef } from '@portal/contracts';
import type { z } from 'zod';
import { api } from './api-client';

type Part = 'params' | 'query' | 'body';
type SchemaOf<E, K extends Part> = E extends { [P in K]: infer S extends z.ZodType } ? S : undefined;
/** A part the endpoint declares is typed by its schema's input (optional when every field is); one it lacks cannot be passed. */
type Slot<K extends Part, S> = S extends z.ZodType ? ({} extends z.input<S> ? { [P in K]?: z.input<S> } : { [P in K]: z.input<S> }) : { [P in K]?: never };

/** What the URL of `E` is built from: its path params and query. */
export type UrlInput<E extends EndpointDef> = Slot<'params', SchemaOf<E, 'params'>> & Slot<'query', SchemaOf<E, 'query'>>;
/** What a call to `E` sends: path params, query and JSON body from the contract's schemas, or a form for a multipart upload. */
export type CallInput<E extends EndpointDef> = UrlInput<E> &
  Slot<'body', SchemaOf<E, 'body'>> &
  (E extends { bodyContentType: 'multipart/form-data' } ? { form: FormData } : { form?: never });

type SuccessStatus = 200 | 201 | 202 | 204;
type SuccessKey<E extends EndpointDef> = Extract<keyof E['responses'], SuccessStatus>;
/** What a successful call to `E` answers, typed by the contract's response schema (void for an empty answer). */
export type ResponseOf<E extends EndpointDef> = {
  [S in SuccessKey<E>]: E['responses'][S] extends z.ZodType ? z.output<E['responses'][S]> : void;
}[SuccessKey<E>];

type InputArgs<I> = {} extends I ? [input?: I] : [input: I];

/** The endpoint's path with its `:params` filled in and its query appended (empty values left out, as the API reads them as absent). */
export function endpointUrl<E extends EndpointDef>(endpoint: E, ...[input]: InputArgs<UrlInput<E>>): string {
  const params = (input?.params ?? {}) as Record<string, unknown>;
  const path = endpoint.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    // The types require every param; this guards calls the types cannot see (e.g. an id read from the URL as '').
    if (value === undefined || value === '') throw new Error(`${endpoint.method} ${endpoint.path}: missing path param "${name}"`);
    return encodeURIComponent(String(value));
  });
  const query = Object.entries((input?.query ?? {}) as Record<string, unknown>).flatMap(([k, v]) =>
    v === undefined || v === null || v === '' ? [] : [[k, String(v)] as [string, string]],
  );
  return query.length ? `${path}?${new URLSearchParams(query).toString()}` : path;
}

/**
 * Calls one endpoint of the contracts' table: method and path come from the
 * table, and params, query, body and answer are typed by its zod schemas, so
 * a contract change breaks the SPA's typecheck instead of its screens. The
 * answer is typed, not parsed: the API builds it from the same contract.
 */
export function call<E extends EndpointDef>(endpoint: E, ...[input]: InputArgs<CallInput<E>>): Promise<ResponseOf<E>> {
  const { params, query, body, form } = (input ?? {}) as { params?: unknown; query?: unknown; body?: unknown; form?: FormData };
  const url = endpointUrl(endpoint, { params, query } as UrlInput<E>);
  return api<ResponseOf<E>>(url, { method: endpoint.method, body, form });
}
