/** Calls to the Faultline HTTP API (same origin), with the token for routes that change data. */

const TOKEN_KEY = 'faultline.token';

/** Takes `#token=...` from the URL (once), keeps it for the session, and cleans the address bar. */
export function initToken(): void {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]!));
    history.replaceState(null, '', location.pathname + location.search);
  }
}

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(t: string): void {
  sessionStorage.setItem(TOKEN_KEY, t);
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(body?.error.message ?? `HTTP ${status}`);
  }
}

type Params = Record<string, string | number | boolean | undefined | null | readonly string[]>;

export function url(path: string, params: Params = {}): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) u.set(k, v.join(','));
    } else u.set(k, String(v));
  }
  const s = u.toString();
  return `/api/${path}${s ? `?${s}` : ''}`;
}

async function handle<T>(res: Response): Promise<T> {
  if (!res.ok) {
    let body: ApiErrorBody | null = null;
    try {
      body = (await res.json()) as ApiErrorBody;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, body);
  }
  return (await res.json()) as T;
}

export async function get<T>(path: string, params: Params = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const t = getToken();
  if (t) headers.Authorization = `Bearer ${t}`;
  return handle<T>(await fetch(url(path, params), { headers }));
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const t = getToken();
  if (t) headers.Authorization = `Bearer ${t}`;
  return handle<T>(await fetch(url(path), { method: 'POST', headers, body: JSON.stringify(body) }));
}

/** Uploads files as multipart form data, reporting upload progress (0..1). */
export function upload<T>(path: string, files: readonly File[], onProgress: (share: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(path));
    const t = getToken();
    if (t) xhr.setRequestHeader('Authorization', `Bearer ${t}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError(xhr.status, body as ApiErrorBody | null));
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    xhr.send(form);
  });
}

// --- response shapes (the subset the UI reads) ------------------------------------------------

export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
  total?: number;
  next: number | null;
}

export interface Stats {
  articles: number;
  sentences: number;
  actors: number;
  mentions: number;
  relations: number;
  candidates: number;
  range: { start: string | null; end: string | null };
  relationTypes: Record<string, number>;
  actorTypes: Record<string, number>;
}

export interface NetNode {
  id: string;
  name: string;
  type: string;
  activity: number;
  bloc?: number;
  parent?: string;
  reviewed?: boolean;
}

export interface NetEdge {
  key: string;
  a: string;
  b: string;
  state: string;
  sign: 1 | -1;
  confidence: number;
  direction: { source: string; target: string; mutual: boolean } | null;
  since: string | null;
  readings: number;
  docs: number;
  contradictions: number;
}

export interface Network {
  on: string;
  nodes: NetNode[];
  edges: NetEdge[];
  positive: number;
  negative: number;
}

export interface Overview {
  range: { start: string | null; end: string | null };
  nodes: NetNode[];
  pairs: { a: string; b: string; readings: number; positive: number; negative: number }[];
}

export interface ProfileEntry {
  id: string;
  name: string;
  state: string;
  confidence: number;
}

export interface ActorDetail {
  actor: { id: string; name: string; type: string; aliases: string[]; country?: string; note?: string; datedAliases?: { alias: string; start?: string; end?: string }[] };
  on: string;
  parent: { id: string; name: string } | null;
  members: { id: string; name: string }[];
  allies: ProfileEntry[];
  enemies: ProfileEntry[];
  patrons: ProfileEntry[];
  clients: ProfileEntry[];
  contacts: ProfileEntry[];
  timeline: { month: string; positive: number; negative: number; neutral: number }[];
  relations: number;
  reviewed: boolean;
}

export interface Reading {
  id: number;
  doc: string;
  date: string;
  type: string;
  polarity: 1 | -1 | 0;
  source: { actor: string; name: string; text: string };
  target: { actor: string; name: string; text: string };
  time: { start: string; end: string; text: string | null };
  sentence: { text: string };
  confidence: number;
  article: { id: string; date: string; title?: string; source?: string; url?: string } | null;
  highlight: { source: [number, number] | null; target: [number, number] | null };
}

export interface Dyad {
  a: { id: string; name: string };
  b: { id: string; name: string };
  on: string;
  state: { state: string; sign: number; confidence: number; since: string | null };
  history: { date: string; state: string; sign: number; confidence: number }[];
  readings: Page<Reading>;
}

export interface Evidence {
  doc: string;
  date: string;
  type: string;
  polarity: number;
  source: string;
  target: string;
  sentence: string;
  confidence: number;
  time: { start: string; end: string };
}

export interface Change {
  kind: 'flip' | 'new' | 'change' | 'ended';
  a: string;
  b: string;
  names: [string, string];
  before: { state: string; sign: number; confidence: number };
  after: { state: string; sign: number; confidence: number };
  causes: Evidence[];
  reason?: string;
}

export interface Candidate {
  key: string;
  text: string;
  entity?: string;
  count: number;
  first: string;
  last: string;
  examples: { doc: string; sentence: string }[];
}

export interface Job {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  stored: number;
  duplicates: number;
  rejected: number;
  relations: number;
  issues: { file: string; record?: number; message: string; severity: string }[];
  error?: string;
}
