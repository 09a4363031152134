/** One object of an add-objects request in a status resource (TAXII 2.1 §4.3.1 status-details). */
export interface StatusDetail {
  readonly id: string;
  readonly version: string;
  readonly message?: string;
}

/** The status resource of one add-objects request (TAXII 2.1 §4.3.1). */
export interface TaxiiStatus {
  readonly id: string;
  readonly status: 'pending' | 'complete';
  readonly requestTimestamp: string;
  readonly totalCount: number;
  readonly successCount: number;
  readonly successes: readonly StatusDetail[];
  readonly failureCount: number;
  readonly failures: readonly StatusDetail[];
  readonly pendingCount: number;
  readonly pendings: readonly StatusDetail[];
}
