import type { RequestDefinition } from './definition.schema.js';
import R1 from './r1.js';
import R2 from './r2.js';
import R3 from './r3.js';
import R4 from './r4.js';
import R5 from './r5.js';
import R6 from './r6.js';
import R7 from './r7.js';
import R8 from './r8.js';
import R9 from './r9.js';
import R10 from './r10.js';
import P6 from './p6.js';
import P7 from './p7.js';
import P8 from './p8.js';
import P9 from './p9.js';
import P10 from './p10.js';
import P11 from './p11.js';
import P12 from './p12.js';
import E1 from './e1.js';
import E2 from './e2.js';

/** Every request type shipped with nohaven, as written; the registry checks them at load. */
export const BUILT_IN_DEFINITIONS: readonly RequestDefinition[] = [
  R1,
  R2,
  R3,
  R4,
  R5,
  R6,
  R7,
  R8,
  R9,
  R10,
  P6,
  P7,
  P8,
  P9,
  P10,
  P11,
  P12,
  E1,
  E2,
];
