/**
 * The HTTP side of a boot server (fastify). For now: `GET /api/health`, the one route under /api
 * that needs no token. It answers 503 until every listener of the server is bound, then 200.
 */
import Fastify, { type FastifyInstance } from 'fastify';

export interface HealthSource {
  /** True once every listener (TFTP, HTTP, …) is bound. */
  ready(): boolean;
  details(): Record<string, unknown>;
}

export function buildHttpApp(health: HealthSource): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/api/health', async (_req, reply) => {
    const ok = health.ready();
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'starting', ...health.details() });
  });
  return app;
}
