/** Shapes of the oversight API (`/api/v1/audit`, `/transparency`, `/data-subject-requests`). */
export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly reason: string | null;
  /** `details.purpose`: the purpose code of a personal-data opening (its text is sealed). */
  readonly details?: { readonly purpose?: unknown } | null;
  readonly redacted?: string[];
}

export type Count = number | string;

export interface RequestFigures {
  readonly total: Count;
  readonly byType: Record<string, Count>;
  readonly byCountry: Record<string, Count>;
  readonly byOutcome: Record<string, Count>;
  readonly byRefusalGround: Record<string, Count>;
  readonly emergency: Count;
  readonly normal: Count;
  readonly medianAcknowledgeSeconds: number | null;
  readonly medianExecuteSeconds: number | null;
}

export interface TransparencyReport {
  readonly period: { readonly from: string; readonly to: string };
  readonly threshold: number;
  readonly requests: { readonly sent: RequestFigures; readonly received: RequestFigures };
  readonly openings: { readonly total: Count; readonly byPurpose: Record<string, Count> };
  readonly retention: { readonly total: Count; readonly byCategory: Record<string, Count> };
  readonly withdrawals: { readonly total: Count; readonly byReason: Record<string, Count> };
}

export type DsrDecision = 'access-given' | 'erased' | 'refused';

export interface DataSubjectRequest {
  readonly id: string;
  readonly kind: 'access' | 'erasure';
  readonly identifier: string;
  readonly createdAt: string;
  readonly matches: readonly {
    readonly source: string;
    readonly recordId: string;
    readonly label: string;
    readonly fields: readonly string[];
  }[];
  readonly decision: {
    readonly outcome: DsrDecision;
    readonly ground: string;
    readonly decidedBy: string;
    readonly decidedAt: string;
  } | null;
}
