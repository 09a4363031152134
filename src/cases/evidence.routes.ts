import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { DomainError } from '../platform/errors.js';
import {
  CaseParams,
  ContentQuery,
  CustodySchema,
  ItemParams,
  ItemSchema,
  PackageBody,
  UploadBody,
  custodyJson,
  itemJson,
} from './case.schema.js';
import type { EvidencePackageService } from './evidence-package.service.js';
import { tooLarge, type EvidenceService } from './evidence.service.js';

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
};
const Binary = (description: string) =>
  Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `attachment; filename="…"` with a plain-ASCII fallback and the RFC 5987 UTF-8 name. */
function attachment(name: string, inline = false): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Evidence of a case (`/api/v1/cases/:id/evidence…`) and signed packages
 * (`/api/v1/cases/:id/packages`). Uploads are JSON with the file in base64, bounded by the
 * configured `evidenceMaxBytes` (413 naming the limit).
 */
export const evidenceRoutes: FastifyPluginAsyncTypebox<{
  evidence: EvidenceService;
  packages: EvidencePackageService;
  maxBytes: number;
}> = async (app, { evidence, packages, maxBytes }) => {
  // Base64 is 4/3 of the file, plus the other members.
  const uploadLimit = Math.ceil(maxBytes / 3) * 4 + 64 * 1024;

  app.get(
    '/cases/:id/evidence',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Evidence items of a case (hashes, sizes, origins)',
        params: CaseParams,
        response: { 200: Type.Object({ items: Type.Array(ItemSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await evidence.list(requireActor(request), request.params.id)).map(itemJson),
    }),
  );

  app.post(
    '/cases/:id/evidence',
    {
      bodyLimit: uploadLimit,
      preParsing: async (request) => {
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > uploadLimit) throw tooLarge(maxBytes);
      },
      schema: {
        tags: ['evidence'],
        summary: 'Add an evidence file (base64) with how it was acquired',
        params: CaseParams,
        body: UploadBody,
        response: { 201: ItemSchema, ...errors, 413: ErrorSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      if (!BASE64.test(b.content_base64) || b.content_base64.length % 4 !== 0) {
        throw new DomainError('NH_ERR_VALIDATION', 'content_base64: not base64 (RFC 4648 §4)', [
          { path: 'content_base64', message: 'not base64' },
        ]);
      }
      const content = Buffer.from(b.content_base64, 'base64');
      const item = await evidence.upload(requireActor(request), request.params.id, {
        name: b.name,
        mediaType: b.media_type.toLowerCase(),
        content,
        method: b.method,
        acquiredAt: b.acquired_at,
        description: b.description,
      });
      return reply.status(201).send(itemJson(item));
    },
  );

  app.get(
    '/cases/:id/evidence/:itemId',
    {
      schema: {
        tags: ['evidence'],
        summary: 'An evidence item with its chain of custody and whether the chain holds',
        params: ItemParams,
        response: { 200: CustodySchema, ...errors },
      },
    },
    async (request) =>
      custodyJson(
        await evidence.custody(requireActor(request), request.params.id, request.params.itemId),
      ),
  );

  app.get(
    '/cases/:id/evidence/:itemId/content',
    {
      schema: {
        tags: ['evidence'],
        summary: 'The file, for a stated purpose (recorded in its chain of custody)',
        params: ItemParams,
        querystring: ContentQuery,
        response: { 200: Binary('The file as stored'), ...errors },
      },
    },
    async (request, reply) => {
      const mode = request.query.mode ?? 'download';
      const { item, bytes } = await evidence.content(
        requireActor(request),
        request.params.id,
        request.params.itemId,
        { purpose: request.query.purpose, mode },
      );
      return reply
        .header('content-type', mode === 'view' ? item.mediaType : 'application/octet-stream')
        .header('content-disposition', attachment(item.name, mode === 'view'))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-evidence-sha256', item.sha256)
        .send(bytes);
    },
  );

  app.post(
    '/cases/:id/evidence/:itemId/verify',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Re-hash the stored file and check the custody chain (recorded)',
        params: ItemParams,
        response: { 200: CustodySchema, ...errors },
      },
    },
    async (request) =>
      custodyJson(
        await evidence.verify(requireActor(request), request.params.id, request.params.itemId),
      ),
  );

  app.post(
    '/cases/:id/packages',
    {
      schema: {
        tags: ['evidence'],
        summary: 'A signed evidence package (tar: files, manifest.json, manifest.sig)',
        params: CaseParams,
        body: PackageBody,
        response: { 200: Binary('application/x-tar package'), ...errors, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const pkg = await packages.export(requireActor(request), request.params.id, {
        itemIds: request.body.items,
        purpose: request.body.purpose,
      });
      return reply
        .header('content-type', 'application/x-tar')
        .header('content-disposition', attachment(pkg.fileName))
        .header('x-package-id', pkg.packageId)
        .send(pkg.bytes);
    },
  );
};
