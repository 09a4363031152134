import type { Generated } from 'kysely';

/**
 * The tables, as Kysely sees them. Timestamps are RFC 3339 text in UTC; STIX timestamps used
 * for ordering (`modified`, `created`) are stored in the fixed-width form of
 * `normalizeTimestamp` (microsecond precision) so that text order is time order in both
 * engines. Flags are 0/1 integers in both engines.
 */
export interface Database {
  node_settings: NodeSettingTable;
  organizations: OrganizationTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  stix_objects: StixObjectTable;
  stix_refs: StixRefTable;
  taxii_collections: TaxiiCollectionTable;
  taxii_collection_objects: TaxiiCollectionObjectTable;
  taxii_status: TaxiiStatusTable;
  taxii_pull_state: TaxiiPullStateTable;
  sharing_groups: SharingGroupTable;
  sharing_group_members: SharingGroupMemberTable;
  object_recipients: ObjectRecipientTable;
  break_glass_windows: BreakGlassWindowTable;
  observable_keys: ObservableKeyTable;
  organization_settings: OrganizationSettingTable;
  routing_contacts: RoutingContactTable;
  routed_items: RoutedItemTable;
  outbreak_alerts: OutbreakAlertTable;
  outbreak_alert_acks: OutbreakAlertAckTable;
  notification_deliveries: NotificationDeliveryTable;
  webhook_secrets: WebhookSecretTable;
  federation_peers: FederationPeerTable;
  outbreak_remote_reports: OutbreakRemoteReportTable;
  feed_items: FeedItemTable;
  feed_cursors: FeedCursorTable;
  feed_applied: FeedAppliedTable;
  feed_refusals: FeedRefusalTable;
  feed_sources: FeedSourceTable;
  feed_sent: FeedSentTable;
  audit_checkpoints: AuditCheckpointTable;
  audit_checkpoint_receipts: AuditCheckpointReceiptTable;
  audit_witness_outbox: AuditWitnessOutboxTable;
  audit_witnessed_checkpoints: AuditWitnessedCheckpointTable;
  audit_witnessed_nodes: AuditWitnessedNodeTable;
  audit_alerts: AuditAlertTable;
}

export interface NodeSettingTable {
  key: string;
  value: string;
}

export interface OrganizationTable {
  /** STIX identity id of the organisation (`identity--…`), used as `created_by_ref`. */
  id: string;
  name: string;
  sector: string;
  country: string | null;
  created_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  organization_id: string;
  role: string;
  password_hash: string;
  failed_sign_ins: number;
  locked_until: string | null;
  disabled: number;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 of the session cookie value; the value itself is never stored. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token; the token is shown once and never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  /** Position in the chain, 1-based, gapless. */
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

export interface StixObjectTable {
  /** Insertion order across the node; the cursor of listings. */
  seq: Generated<number>;
  id: string;
  type: string;
  /** Normalised `modified` (or `created`, or the first `date_added` for objects without either). */
  modified: string;
  created: string | null;
  spec_version: string | null;
  date_added: string;
  revoked: number;
  /** 1 on the newest version of each id. */
  is_latest: number;
  created_by_ref: string | null;
  name: string | null;
  description: string | null;
  /** Strictest TLP level among the object's markings, or null. */
  tlp: string | null;
  /** Organisation (identity id) on whose behalf the version was stored. */
  owner_org_id: string | null;
  distribution: string;
  /** The object as received, JSON text. */
  content: string;
}

export interface StixRefTable {
  object_seq: number;
  source_id: string;
  ref_id: string;
  /** The property that holds the reference, e.g. `source_ref`, `object_refs`. */
  property: string;
}

/** A TAXII collection: a named view over the object store (migration 0003). */
export interface TaxiiCollectionTable {
  id: string;
  title: string;
  description: string | null;
  alias: string | null;
  /** `view` (a filter over the store) or `inbox` (the objects added through it). */
  kind: string;
  /** JSON of the collection's object filter. */
  filter: string;
  /** JSON audience, or null for nobody. */
  readers: string | null;
  writers: string | null;
  /** Distribution given to objects added through the collection. */
  distribution: string;
  created_at: string;
}

/** An object id contributed through an inbox collection. */
export interface TaxiiCollectionObjectTable {
  collection_id: string;
  object_id: string;
}

/** The status resource of one TAXII add-objects request. */
/** Where a `nohaven taxii pull` of a remote collection stopped (migration 0004). */
export interface TaxiiPullStateTable {
  server_url: string;
  api_root: string;
  collection_id: string;
  added_after: string;
  updated_at: string;
}

export interface TaxiiStatusTable {
  id: string;
  owner: string;
  collection_id: string;
  status: string;
  request_timestamp: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  details: string;
}

export interface SharingGroupTable {
  /** `sg-` followed by a UUID; objects name it as distribution `sharing-group:<id>`. */
  id: string;
  name: string;
  /** Organisation (identity id) that owns and manages the group. */
  owner_org_id: string;
  /** 1 when members other than the owner may not see the member list. */
  hide_members: number;
  created_at: string;
}

export interface SharingGroupMemberTable {
  group_id: string;
  /** Organisation identity id, of this node or of another node. */
  organization_id: string;
  added_at: string;
}

/** Named recipients of an object id (every version): AMBER organisations, RED users. */
export interface ObjectRecipientTable {
  object_id: string;
  kind: 'organisation' | 'user';
  /** Organisation identity id or user id. */
  principal_id: string;
}

/** An admin's time-limited permission to read beyond their reach, with its reason. */
export interface BreakGlassWindowTable {
  id: string;
  user_id: string;
  reason: string;
  opened_at: string;
  expires_at: string;
  closed_at: string | null;
}

/** One index key of a stored version's observable value or pattern anchor (migration 0005). */
export interface ObservableKeyTable {
  object_seq: number;
  /** See `src/correlate/observable-keys.ts`: `ipv4`, `ipv4-net`, `domain`, `sha256` … */
  kind: string;
  value: string;
  /** `value` (the object's own observable value) or `pattern` (an indicator's anchor). */
  role: 'value' | 'pattern';
}

/** Per-organisation settings (migration 0005). */
export interface OrganizationSettingTable {
  organization_id: string;
  /** Highest TLP level of its reports counted in aggregates, or `none`. */
  aggregate_tlp: string;
  updated_at: string;
}
/** A contact of the routing directory (migration 0006, issue 5 item 4). */
export interface RoutingContactTable {
  id: string;
  kind: string;
  name: string;
  network: string | null;
  /** bigint column: PostgreSQL returns it as text, hence the union. */
  asn: number | string | null;
  domain: string | null;
  country: string | null;
  sector: string | null;
  /** JSON array of BCP 47 tags. */
  languages: string;
  channel: string;
  address: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

/** One finding routed to one contact, with its state (migration 0006). */
export interface RoutedItemTable {
  id: string;
  object_id: string;
  object_type: string;
  contact_id: string;
  contact_name: string;
  contact_kind: string;
  channel: string;
  address: string;
  recipient_org_id: string | null;
  state: string;
  /** JSON array of `{ code, params }`. */
  reasons: string;
  routed_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  actioned_at: string | null;
  actioned_by: string | null;
  rejected_at: string | null;
  rejected_by: string | null;
  reject_reason: string | null;
}

/** An outbreak alert's detector view (migration 0007, issue 5 item 3); the note is in the store. */
export interface OutbreakAlertTable {
  id: string;
  status: string;
  severity: string;
  opened_at: string;
  last_seen: string;
  closed_at: string | null;
  /** JSON array of organisation identity ids. */
  organisations: string;
  /** JSON array of ISO 3166-1 alpha-2 codes. */
  countries: string;
  modified: string;
}

/** One organisation's acknowledgement of an outbreak alert (migration 0007). */
export interface OutbreakAlertAckTable {
  alert_id: string;
  organization_id: string;
  acknowledged_at: string;
  acknowledged_by: string;
}

/** One notification to one recipient outside nohaven, in the outbox (migration 0008). */
export interface NotificationDeliveryTable {
  id: string;
  channel: string;
  address: string;
  contact_id: string;
  language: string;
  kind: string;
  notification: string;
  /** JSON reference of the payload. */
  payload: string;
  state: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

/** The secret that signs a webhook contact's deliveries (migration 0008). */
export interface WebhookSecretTable {
  contact_id: string;
  secret: string;
  created_at: string;
}

/** A node this node peers with or that asked to (migration 0009, issue 6). */
export interface FederationPeerTable {
  node_id: string;
  /** The peer's descriptor (JSON). */
  descriptor: string;
  fingerprint: string;
  state: string;
  /** `PeerPolicy` (JSON). */
  policy: string;
  /** JSON array of `{ id, name, country }`. */
  organizations: string;
  added_by: string | null;
  added_at: string;
  updated_at: string;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
  unreachable_since: string | null;
  unreachable_alerted_at: string | null;
  /** bigint columns: PostgreSQL returns them as text, hence the union. */
  items_sent: Generated<number | string>;
  items_received: Generated<number | string>;
  items_refused: Generated<number | string>;
}

/** An outbreak aggregate received from a peer (migration 0011, issue 6 item 6). */
export interface OutbreakRemoteReportTable {
  id: string;
  origin_node: string;
  reported_at: string;
  received_at: string;
  /** The `AggregateReport` as JSON. */
  report: string;
}

/** One item of the federation change feed (migration 0010, issue 6). */
export interface FeedItemTable {
  seq: Generated<number>;
  item_id: string;
  origin: string;
  kind: string;
  object_id: string | null;
  received_from: string | null;
  logged_at: string;
  size: number;
  /** The signed item, JSON text. */
  item: string;
}

/** Per peer: what was received from it, and what it acknowledged of this node's log. */
export interface FeedCursorTable {
  peer: string;
  /** bigint columns: PostgreSQL returns them as text, hence the unions. */
  received_seq: number | string;
  acked_seq: number | string;
  updated_at: string;
}

/** A feed item applied on this node (its id makes apply exactly-once). */
export interface FeedAppliedTable {
  item_id: string;
  origin: string;
  kind: string;
  object_id: string | null;
  peer: string;
  applied_at: string;
}

/** A node that sent this node an object (its origin, or a peer delivering or relaying it). */
export interface FeedSourceTable {
  object_id: string;
  node: string;
}

/** A feed item refused, with the reason (counted per peer). */
export interface FeedRefusalTable {
  id: Generated<number>;
  peer: string;
  item_id: string | null;
  reason: string;
  at: string;
}

/** An object sent to a peer, and its withdrawal and confirmation (migration 0010). */
export interface FeedSentTable {
  object_id: string;
  peer: string;
  first_sent_at: string;
  withdrawn_at: string | null;
  withdrawal_id: string | null;
  confirmed_at: string | null;
  receipt: string | null;
}

/** Witnessed audit (issue 8, migration 0013). */
export interface AuditCheckpointTable {
  id: string;
  node_id: string;
  seq: number;
  head_hash: string;
  at: string;
  signature: string;
  public_key: string;
}

export interface AuditCheckpointReceiptTable {
  checkpoint_id: string;
  witness_node_id: string;
  witness_url: string;
  witness_public_key: string;
  received_at: string;
  signature: string;
}

export interface AuditWitnessOutboxTable {
  checkpoint_id: string;
  witness_url: string;
  state: 'pending' | 'delivered';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuditWitnessedCheckpointTable {
  id: string;
  node_id: string;
  seq: number;
  head_hash: string;
  at: string;
  signature: string;
  public_key: string;
  received_at: string;
  receipt_signature: string;
}

export interface AuditWitnessedNodeTable {
  node_id: string;
  descriptor: string;
  fingerprint: string;
  registered_at: string;
  registered_by: string;
}

export interface AuditAlertTable {
  id: string;
  key: string;
  rule: string;
  subject: string;
  window_start: string;
  window_end: string;
  count: number;
  message: string;
  details: string;
  created_at: string;
}
