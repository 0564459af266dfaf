// A small EventSource for Node (Node 24 has one only behind --experimental-eventsource): enough of the
// browser's behaviour to drive renderer/api/httpApi.ts against the real host. Like the browser's, it
// reconnects by itself after a dropped stream, and gives up (readyState CLOSED) on a refused
// connection or an HTTP error status.
import http from 'node:http';

type Handler = (e: { data: string }) => void;

export class NodeEventSource {
  static instances: NodeEventSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private handlers = new Map<string, Handler[]>();
  private req: http.ClientRequest | null = null;
  private readonly url: string;

  constructor(url: string) {
    this.url = url;
    NodeEventSource.instances.push(this);
    this.connect();
  }

  addEventListener(type: string, handler: Handler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  close(): void {
    this.readyState = 2;
    this.req?.destroy();
  }

  private connect(): void {
    const req = http.get(this.url, { agent: false }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        this.readyState = 2;
        this.onerror?.();
        return;
      }
      this.readyState = 1;
      this.onopen?.();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message';
          const data: string[] = [];
          for (const line of frame.split('\n')) {
            if (line.startsWith('event: ')) type = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) for (const h of this.handlers.get(type) ?? []) h({ data: data.join('\n') });
        }
      });
      res.on('close', () => this.dropped());
    });
    req.on('error', () => {
      if (this.readyState === 2) return;
      this.readyState = 2; // a refused connection: the browser gives up too
      this.onerror?.();
    });
    this.req = req;
  }

  private dropped(): void {
    if (this.readyState === 2) return;
    this.readyState = 0;
    this.onerror?.();
    setTimeout(() => {
      if (this.readyState === 0) this.connect();
    }, 200);
  }
}
