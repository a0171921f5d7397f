import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseDisplay } from './display';
import { findCookie, parseXauthority } from './xauthority';

/** An X11 protocol error answer to one request. `code` is the X error code (e.g. 3 BadWindow). */
export class X11Error extends Error {
  override readonly name = 'X11Error';
  constructor(
    readonly code: number,
    readonly opcode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The connection could not be made or was lost. */
export class X11ConnectionError extends Error {
  override readonly name = 'X11ConnectionError';
}

interface Pending {
  seq: number;
  wantsReply: boolean;
  opcode: number;
  resolve: (reply: Buffer | null) => void;
  reject: (error: Error) => void;
}

/** A property value as read from a window. */
export interface PropertyValue {
  type: number;
  format: number;
  data: Buffer;
}

export interface X11ConnectionEvents {
  /** A raw 32-byte event (code in byte 0, high bit set when sent by another client). */
  event: [Buffer];
  close: [];
}

/**
 * A minimal X11 protocol client: only the requests the guards need (atoms, properties, focus, tree,
 * extensions, key grabs, SendEvent). It keeps one socket open, so watching the active window or the
 * clipboard costs a few bytes on an existing connection instead of a process per look.
 */
export class X11Connection extends EventEmitter<X11ConnectionEvents> {
  private seq = 0;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;
  private keepAlive = false;
  private readonly atoms = new Map<string, number>();

  private constructor(
    private readonly socket: net.Socket,
    readonly root: number,
    readonly minKeycode: number,
    readonly maxKeycode: number,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.onClose());
    socket.on('error', () => this.onClose());
  }

  /** Connects to DISPLAY (or the given display string), with the MIT cookie from XAUTHORITY if any. */
  static async connect(display = process.env.DISPLAY, timeoutMs = 5000): Promise<X11Connection> {
    const addr = parseDisplay(display);
    const socket = addr.transport === 'unix' ? net.connect(addr.path) : net.connect(addr.port, addr.host);
    const cookie = readCookie(addr.display);
    const name = cookie ? Buffer.from('MIT-MAGIC-COOKIE-1') : Buffer.alloc(0);
    const data = cookie ? Buffer.from(cookie) : Buffer.alloc(0);
    const setup = Buffer.alloc(12 + pad4(name.length) + pad4(data.length));
    setup.writeUInt8(0x6c, 0); // 'l': little-endian
    setup.writeUInt16LE(11, 2);
    setup.writeUInt16LE(0, 4);
    setup.writeUInt16LE(name.length, 6);
    setup.writeUInt16LE(data.length, 8);
    name.copy(setup, 12);
    data.copy(setup, 12 + pad4(name.length));

    const reply = await new Promise<Buffer>((resolve, reject) => {
      let got = Buffer.alloc(0);
      const timer = setTimeout(() => fail(new X11ConnectionError(`X display ${display} did not answer within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.destroy();
        reject(error);
      };
      const onData = (chunk: Buffer) => {
        got = Buffer.concat([got, chunk]);
        if (got.length < 8) return;
        const total = 8 + got.readUInt16LE(6) * 4;
        if (got.length < total) return;
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('error', onError);
        if (got.length > total) socket.unshift(got.subarray(total));
        resolve(got.subarray(0, total));
      };
      const onError = (error: Error) => fail(new X11ConnectionError(`cannot connect to X display ${display}: ${error.message}`));
      socket.on('data', onData);
      socket.once('error', onError);
      socket.once('connect', () => socket.write(setup));
    });
    if (reply[0] !== 1) {
      socket.destroy();
      const reason = reply.subarray(8, 8 + (reply[1] ?? 0)).toString('latin1');
      throw new X11ConnectionError(`X display ${display} refused the connection: ${reason || 'authorization required'}`);
    }
    const vendorLength = reply.readUInt16LE(24);
    const screenCount = reply.readUInt8(28);
    const formatCount = reply.readUInt8(29);
    const minKeycode = reply.readUInt8(34);
    const maxKeycode = reply.readUInt8(35);
    let at = 40 + pad4(vendorLength) + 8 * formatCount;
    const wanted = Math.min(addr.screen, screenCount - 1);
    for (let s = 0; s < wanted; s++) at = skipScreen(reply, at);
    const root = reply.readUInt32LE(at);
    socket.unref();
    return new X11Connection(socket, root, minKeycode, maxKeycode);
  }

  /**
   * Keeps (or stops keeping) the process alive while the connection is open. Without it, only a
   * request waiting for its answer keeps the process alive.
   */
  ref(keepAlive: boolean): void {
    this.keepAlive = keepAlive;
    this.updateRef();
  }

  private updateRef(): void {
    if (this.keepAlive || this.pending.length > 0) this.socket.ref();
    else this.socket.unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
    this.onClose();
  }

  /** Sends one request. Requests without a reply resolve with null once the server has processed them. */
  request(opcode: number, detail: number, body: Buffer, wantsReply: boolean): Promise<Buffer | null> {
    if (this.closed) return Promise.reject(new X11ConnectionError('X connection is closed'));
    const length = 4 + body.length;
    if (length % 4 !== 0) throw new Error('X11 request body must be padded to 4 bytes');
    const header = Buffer.alloc(4);
    header.writeUInt8(opcode, 0);
    header.writeUInt8(detail, 1);
    header.writeUInt16LE(length / 4, 2);
    this.seq = (this.seq + 1) & 0xffff;
    const seq = this.seq;
    const promise = new Promise<Buffer | null>((resolve, reject) => this.pending.push({ seq, wantsReply, opcode, resolve, reject }));
    this.socket.write(Buffer.concat([header, body]));
    this.updateRef();
    if (wantsReply) return promise;
    // Errors of a void request are only known once a later reply arrives: send a cheap round trip.
    promise.catch(() => undefined);
    return this.getInputFocus().then(() => promise);
  }

  async internAtom(name: string, onlyIfExists = false): Promise<number> {
    const cached = this.atoms.get(name);
    if (cached !== undefined) return cached;
    const bytes = Buffer.from(name, 'latin1');
    const body = Buffer.alloc(4 + pad4(bytes.length));
    body.writeUInt16LE(bytes.length, 0);
    bytes.copy(body, 4);
    const reply = (await this.request(16, onlyIfExists ? 1 : 0, body, true)) as Buffer;
    const atom = reply.readUInt32LE(8);
    if (atom !== 0) this.atoms.set(name, atom);
    return atom;
  }

  /** Reads a property (up to maxBytes); null when the window has no such property. */
  async getProperty(window: number, property: number, type = 0, maxBytes = 64 * 1024): Promise<PropertyValue | null> {
    const body = Buffer.alloc(20);
    body.writeUInt32LE(window, 0);
    body.writeUInt32LE(property, 4);
    body.writeUInt32LE(type, 8);
    body.writeUInt32LE(0, 12);
    body.writeUInt32LE(Math.ceil(maxBytes / 4), 16);
    const reply = (await this.request(20, 0, body, true)) as Buffer;
    const format = reply.readUInt8(1);
    const valueType = reply.readUInt32LE(8);
    if (valueType === 0) return null;
    const items = reply.readUInt32LE(16);
    const bytes = items * (format / 8);
    return { type: valueType, format, data: Buffer.from(reply.subarray(32, 32 + bytes)) };
  }

  /** The window with the input focus (0 None, 1 PointerRoot). */
  async getInputFocus(): Promise<number> {
    const reply = (await this.request(43, 0, Buffer.alloc(0), true)) as Buffer;
    return reply.readUInt32LE(8);
  }

  async queryTree(window: number): Promise<{ root: number; parent: number; children: number[] }> {
    const body = Buffer.alloc(4);
    body.writeUInt32LE(window, 0);
    const reply = (await this.request(15, 0, body, true)) as Buffer;
    const count = reply.readUInt16LE(16);
    const children: number[] = [];
    for (let i = 0; i < count; i++) children.push(reply.readUInt32LE(32 + 4 * i));
    return { root: reply.readUInt32LE(8), parent: reply.readUInt32LE(12), children };
  }

  /** The major opcode and first event code of an extension, or null when the server lacks it. */
  async queryExtension(name: string): Promise<{ majorOpcode: number; firstEvent: number } | null> {
    const bytes = Buffer.from(name, 'latin1');
    const body = Buffer.alloc(4 + pad4(bytes.length));
    body.writeUInt16LE(bytes.length, 0);
    bytes.copy(body, 4);
    const reply = (await this.request(98, 0, body, true)) as Buffer;
    if (reply.readUInt8(8) === 0) return null;
    return { majorOpcode: reply.readUInt8(9), firstEvent: reply.readUInt8(10) };
  }

  /** Keysyms per keycode for the whole keyboard: [keycode - minKeycode][column]. */
  async getKeyboardMapping(): Promise<number[][]> {
    const count = this.maxKeycode - this.minKeycode + 1;
    const body = Buffer.alloc(4);
    body.writeUInt8(this.minKeycode, 0);
    body.writeUInt8(count, 1);
    const reply = (await this.request(101, 0, body, true)) as Buffer;
    const perCode = reply.readUInt8(1);
    const rows: number[][] = [];
    for (let k = 0; k < count; k++) {
      const row: number[] = [];
      for (let c = 0; c < perCode; c++) row.push(reply.readUInt32LE(32 + 4 * (k * perCode + c)));
      rows.push(row);
    }
    return rows;
  }

  /** GrabKey with asynchronous pointer and keyboard modes. */
  async grabKey(window: number, keycode: number, modifiers: number): Promise<void> {
    const body = Buffer.alloc(12);
    body.writeUInt32LE(window, 0);
    body.writeUInt16LE(modifiers, 4);
    body.writeUInt8(keycode, 6);
    body.writeUInt8(1, 7);
    body.writeUInt8(1, 8);
    await this.request(33, 0, body, false);
  }

  async ungrabKey(window: number, keycode: number, modifiers: number): Promise<void> {
    const body = Buffer.alloc(8);
    body.writeUInt32LE(window, 0);
    body.writeUInt16LE(modifiers, 4);
    await this.request(34, keycode, body, false);
  }

  /** SendEvent of a 32-byte event to `destination` with `eventMask`. */
  async sendEvent(destination: number, eventMask: number, event: Buffer): Promise<void> {
    const body = Buffer.alloc(40);
    body.writeUInt32LE(destination, 0);
    body.writeUInt32LE(eventMask, 4);
    event.copy(body, 8, 0, 32);
    await this.request(25, 0, body, false);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 32) {
      const kind = this.buffer.readUInt8(0);
      let size = 32;
      if (kind === 1 || (kind & 0x7f) === 35) size = 32 + 4 * this.buffer.readUInt32LE(4);
      if (this.buffer.length < size) return;
      const packet = this.buffer.subarray(0, size);
      this.buffer = this.buffer.subarray(size);
      if (kind === 0 || kind === 1) this.settle(packet);
      else this.emit('event', Buffer.from(packet));
    }
  }

  private settle(packet: Buffer): void {
    const seq = packet.readUInt16LE(2);
    // Requests sent before this one without a reply have been processed without error.
    while (this.pending.length > 0 && this.pending[0]!.seq !== seq) {
      const done = this.pending.shift()!;
      if (done.wantsReply) done.reject(new X11ConnectionError(`no reply to X request ${done.opcode}`));
      else done.resolve(null);
    }
    const current = this.pending.shift();
    this.updateRef();
    if (!current) return;
    if (packet.readUInt8(0) === 0) {
      const code = packet.readUInt8(1);
      current.reject(new X11Error(code, current.opcode, `X request ${current.opcode} failed with error ${code}`));
    } else current.resolve(Buffer.from(packet));
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.splice(0)) p.reject(new X11ConnectionError('X connection closed'));
    this.emit('close');
  }
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function skipScreen(reply: Buffer, at: number): number {
  const depths = reply.readUInt8(at + 39);
  let p = at + 40;
  for (let d = 0; d < depths; d++) p += 8 + 24 * reply.readUInt16LE(p + 2);
  return p;
}

function readCookie(display: number): Uint8Array | null {
  const file = process.env.XAUTHORITY ?? path.join(os.homedir(), '.Xauthority');
  try {
    return findCookie(parseXauthority(readFileSync(file)), display, os.hostname());
  } catch {
    return null;
  }
}
