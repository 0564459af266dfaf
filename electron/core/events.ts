import { EventEmitter } from 'node:events';
import { EVENT_NAMES, type EventName, type EventPayload } from '../../shared/contract.ts';

/** The core's push events; IPC forwards them to the window, the headless host streams them as SSE. */
export class CoreEvents {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(100);
  }
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
  /** Every event, for transports that forward them all. */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    const offs = EVENT_NAMES.map((e) => this.on(e, (p) => listener(e, p)));
    return () => offs.forEach((off) => off());
  }
}
