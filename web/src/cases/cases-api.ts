import { ApiError } from '../api/client.js';

/** A case as `GET /api/v1/cases` lists it. */
export interface CaseSummary {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly status: 'open' | 'closed';
  readonly closed_reason: string | null;
  readonly updated_at: string;
}

export type CaseAccess = 'lead' | 'investigator' | 'observer' | 'break-glass' | 'operator';
export type LinkKind = 'incident' | 'indicator' | 'sighting' | 'alert' | 'report' | 'request';

export interface CaseDetail extends CaseSummary {
  readonly access: CaseAccess;
  readonly members: readonly {
    user_id: string;
    username: string;
    role: 'lead' | 'investigator' | 'observer';
  }[];
  readonly links: readonly { kind: LinkKind; target_id: string; label: string | null }[];
  readonly hidden_links: number;
}

export interface EvidenceItem {
  readonly id: string;
  readonly number: number;
  readonly sha256: string;
  readonly size: number;
  readonly media_type: string;
  readonly name: string;
  readonly origin: { by: string; acquired_at: string; method: string };
}

export type CustodyAction = 'acquire' | 'view' | 'download' | 'export' | 'send' | 'verify';

export interface Custody {
  readonly item: EvidenceItem;
  readonly records: readonly {
    seq: number;
    at: string;
    actor: string;
    action: CustodyAction;
    purpose: string;
    hash: string;
  }[];
  readonly chain: { ok: boolean; message?: string };
}

/**
 * Fetches a file from the node (same origin, session cookie) and hands it to the browser as a
 * download named `fallbackName` unless the node names it.
 */
export async function downloadFile(
  method: 'GET' | 'POST',
  path: string,
  fallbackName: string,
  body?: unknown,
): Promise<void> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const e = (
      (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } }
    ).error;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText);
  }
  const named = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = named ?? fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The file's bytes as base64 (RFC 4648 §4), for the JSON upload. */
export async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
