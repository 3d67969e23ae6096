import http from 'node:http';

/** GET /healthz for container orchestrators: 200 while `ready()`, else 503. */
export function serveHealth(port: number, ready: () => boolean): http.Server {
  return http
    .createServer((req, res) => {
      const ok = req.url === '/healthz' && ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }));
    })
    .listen(port, '0.0.0.0');
}
