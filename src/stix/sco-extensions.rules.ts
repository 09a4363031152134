/**
 * Predefined SCO extensions (spec 6.3.2–6.3.6, 6.12.2–6.12.5, 6.11.2–6.11.3, 6.16.2), keyed by
 * their `*-ext` name.
 */
import {
  atLeastOne,
  bool,
  dict,
  hashes,
  hex,
  int,
  isObject,
  issue,
  list,
  num,
  object,
  oneOf,
  ref,
  refs,
  str,
  strList,
  strOrStrList,
  timestamp,
} from './checks.js';
import type { Check, JsonObject, Shape, StixIssue } from './types.js';

const anyOfProps =
  (keys: readonly string[]) =>
  (o: JsonObject, p: string, out: StixIssue[]): void =>
    atLeastOne(o, keys, p, out);

const shapeWithAnyOf = (props: Shape['props'], required?: readonly string[]): Check =>
  object({
    props,
    required,
    check: required === undefined ? anyOfProps(Object.keys(props)) : undefined,
  });

const uint = int(0);
const anyDict = dict();

/** Windows PE optional header (spec 6.3.6.2): at least one property. */
const optionalHeader: Check = (v, p, out) => {
  if (!isObject(v)) return issue(out, p, 'type', 'must be an object');
  if (Object.keys(v).length === 0) issue(out, p, 'value', 'must not be empty');
  if (v.hashes !== undefined) hashes(v.hashes, `${p}/hashes`, out);
};

export const FILE_EXTENSIONS: Readonly<Record<string, Check>> = {
  'ntfs-ext': shapeWithAnyOf({
    sid: str,
    alternate_data_streams: list(
      object({ required: ['name'], props: { name: str, hashes, size: uint } }),
    ),
  }),
  'raster-image-ext': shapeWithAnyOf({
    image_height: int(),
    image_width: int(),
    bits_per_pixel: int(),
    exif_tags: anyDict,
  }),
  'pdf-ext': shapeWithAnyOf({
    version: str,
    is_optimized: bool,
    document_info_dict: dict(str),
    pdfid0: str,
    pdfid1: str,
  }),
  'archive-ext': object({
    required: ['contains_refs'],
    props: { contains_refs: refs('file', 'directory'), comment: str },
  }),
  'windows-pebinary-ext': object({
    required: ['pe_type'],
    props: {
      pe_type: str,
      imphash: str,
      machine_hex: hex,
      number_of_sections: uint,
      time_date_stamp: timestamp,
      pointer_to_symbol_table_hex: hex,
      number_of_symbols: uint,
      size_of_optional_header: uint,
      characteristics_hex: hex,
      file_header_hashes: hashes,
      optional_header: optionalHeader,
      sections: list(
        object({ required: ['name'], props: { name: str, size: uint, entropy: num(), hashes } }),
      ),
    },
  }),
};

export const NETWORK_TRAFFIC_EXTENSIONS: Readonly<Record<string, Check>> = {
  'http-request-ext': object({
    required: ['request_method', 'request_value'],
    props: {
      request_method: str,
      request_value: str,
      request_version: str,
      request_header: dict(strOrStrList, /^.{1,250}$/),
      message_body_length: uint,
      message_body_data_ref: ref('artifact'),
    },
  }),
  'icmp-ext': object({
    required: ['icmp_type_hex', 'icmp_code_hex'],
    props: { icmp_type_hex: hex, icmp_code_hex: hex },
  }),
  'socket-ext': object({
    required: ['address_family'],
    props: {
      address_family: oneOf([
        'AF_UNSPEC',
        'AF_INET',
        'AF_IPX',
        'AF_APPLETALK',
        'AF_NETBIOS',
        'AF_INET6',
        'AF_IRDA',
        'AF_BTH',
      ]),
      is_blocking: bool,
      is_listening: bool,
      options: dict(int(), /^(?:SO|ICMP|ICMP6|IP|IPV6|MCAST|TCP|IRLMP)(?:_[A-Z0-9]+)+$/),
      socket_type: oneOf(['SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_RDM', 'SOCK_SEQPACKET']),
      socket_descriptor: uint,
      socket_handle: int(),
    },
  }),
  'tcp-ext': shapeWithAnyOf({ src_flags_hex: hex, dst_flags_hex: hex }),
};

export const PROCESS_EXTENSIONS: Readonly<Record<string, Check>> = {
  'windows-process-ext': shapeWithAnyOf({
    aslr_enabled: bool,
    dep_enabled: bool,
    priority: str,
    owner_sid: str,
    window_title: str,
    startup_info: anyDict,
    integrity_level: oneOf(['low', 'medium', 'high', 'system']),
  }),
  'windows-service-ext': shapeWithAnyOf({
    service_name: str,
    descriptions: strList,
    display_name: str,
    group_name: str,
    start_type: oneOf([
      'SERVICE_AUTO_START',
      'SERVICE_BOOT_START',
      'SERVICE_DEMAND_START',
      'SERVICE_DISABLED',
      'SERVICE_SYSTEM_ALERT',
    ]),
    service_dll_refs: refs('file'),
    service_type: oneOf([
      'SERVICE_KERNEL_DRIVER',
      'SERVICE_FILE_SYSTEM_DRIVER',
      'SERVICE_WIN32_OWN_PROCESS',
      'SERVICE_WIN32_SHARE_PROCESS',
    ]),
    service_status: oneOf([
      'SERVICE_CONTINUE_PENDING',
      'SERVICE_PAUSE_PENDING',
      'SERVICE_PAUSED',
      'SERVICE_RUNNING',
      'SERVICE_START_PENDING',
      'SERVICE_STOP_PENDING',
      'SERVICE_STOPPED',
    ]),
  }),
};

export const USER_ACCOUNT_EXTENSIONS: Readonly<Record<string, Check>> = {
  'unix-account-ext': shapeWithAnyOf({ gid: int(), groups: strList, home_dir: str, shell: str }),
};
