// orleansrpc.js: the browser client of an OrleansRpc gateway. An ES module with no dependency, served by the
// gateway at /orleansrpc.js:
//
//   import { connect } from "/orleansrpc.js";
//   const rpc = connect("/ws");
//   rpc.on("notification.notif", params => console.log(params));
//   console.log(await rpc.call("subtract", [42, 23]));   // 19
//
//   for await (const n of rpc.stream("count.slowly", { to: 5 })) console.log(n);   // a streamed result
//
// One WebSocket, reconnected with exponential backoff when it drops. Calls go over it; while it is down
// (after it was up, or once a first attempt failed) they go over HTTP (POST /rpc), unless a call asks for
// one transport. JSON-RPC 2.0 by default, 1.0 with { version: "1.0" }.

/** A JSON-RPC error answered by the server: its code, message and data. */
export class RpcError extends Error {
  constructor(code, message, data) {
    super(message);
    this.name = "RpcError";
    this.code = code;
    this.data = data;
  }
}

/** No answer arrived within the call's timeout; an answer that comes later is ignored. */
export class TimeoutError extends Error {
  constructor(method, timeout) {
    super(`No answer to ${method} within ${timeout} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * The transport failed before an answer arrived: the socket closed with the call on its way (it may or may
 * not have run), the HTTP request failed (status set when the server answered), or the client was closed.
 */
export class ConnectionError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "ConnectionError";
    this.status = status;
  }
}

const defaults = {
  version: "2.0",
  // Offered in Sec-WebSocket-Protocol; the gateway speaks "jsonrpc" and "jsonrpc-2.0" by default.
  protocols: ["jsonrpc"],
  // The HTTP endpoint: by default the WebSocket's host with the path /rpc; false for none.
  http: undefined,
  // Milliseconds a call waits for its answer by default; 0 waits for ever.
  timeout: 30000,
  // Reconnect backoff: the first delay, the cap, and how much of each delay is random (so that clients a
  // server dropped together do not come back together). false: never reconnect.
  reconnect: { minDelay: 250, maxDelay: 10000, jitter: 0.5 },
};

/**
 * Stands in params for a method's IProgress<T> parameter when the call has an onProgress option: the client
 * puts a token of the call's own there, and calls onProgress(value) for each $/progress with that token
 * until the answer (rpc.call("work.progress", { steps: 3, progress }, { onProgress: v => ... })).
 */
export const progress = Object.freeze({ toJSON: () => null });

/** Opens a client on a WebSocket URL (absolute, or relative to the page: "/ws"). */
export function connect(url, options = {}) {
  return new RpcClient(url, options);
}

/**
 * A connection to a gateway. Events: "open", "close" (detail: code, reason, reconnecting),
 * "reconnecting" (detail: attempt, delay), "error" (detail: an answer the client could not place).
 */
export class RpcClient extends EventTarget {
  #url;
  #httpUrl;
  #options;
  #socket = null;
  #state = "connecting";
  #wasOpen = false;
  #attempt = 0;
  #retryTimer = null;
  #nextId = 1;
  #pending = new Map(); // id -> { resolve, reject, timer, method }
  #waiting = []; // frames that wait for the socket to open
  #handlers = new Map(); // method -> Set of handlers
  #progress = new Map(); // progress token (the call's id) -> onProgress

  constructor(url, options = {}) {
    super();
    this.#options = { ...defaults, ...options };
    if (this.#options.reconnect) {
      this.#options.reconnect = { ...defaults.reconnect, ...this.#options.reconnect };
    }
    if (this.#options.version !== "2.0" && this.#options.version !== "1.0") {
      throw new TypeError(`version is "2.0" or "1.0", not ${this.#options.version}`);
    }
    this.#url = socketUrl(url);
    this.#httpUrl = this.#options.http === false ? null : httpUrl(this.#url, this.#options.http);
    this.#open();
  }

  /** "connecting" (the first attempt), "open", "reconnecting" or "closed". */
  get state() {
    return this.#state;
  }

  /** The subprotocol the server chose, once open. */
  get protocol() {
    return this.#socket?.protocol ?? "";
  }

  /** Resolves when the socket is open (at once if it is). */
  ready() {
    if (this.#state === "open") {
      return Promise.resolve();
    }
    if (this.#state === "closed") {
      return Promise.reject(new ConnectionError("The client is closed"));
    }
    return new Promise((resolve, reject) => {
      const opened = () => { this.removeEventListener("closed", closed); resolve(); };
      const closed = () => { this.removeEventListener("open", opened); reject(new ConnectionError("The client is closed")); };
      this.addEventListener("open", opened, { once: true });
      this.addEventListener("closed", closed, { once: true });
    });
  }

  /**
   * Calls a method and resolves with its result, or rejects with an RpcError (the server's error), a
   * TimeoutError or a ConnectionError. options: timeout (ms, 0 for none), transport ("websocket" waits for
   * the socket, "http" always posts), signal (an AbortSignal: aborting rejects with an AbortError and, for
   * a call the socket carried, sends $/cancelRequest, so that a method taking a CancellationToken stops),
   * onProgress (called with each value the method reports to its IProgress<T> parameter, which params marks
   * with progress; reports go over the socket only: over HTTP the parameter is null).
   */
  call(method, params, options = {}) {
    if (options.signal?.aborted) {
      return Promise.reject(new DOMException("The call was aborted", "AbortError"));
    }
    const id = this.#nextId++;
    if (options.onProgress) {
      params = withToken(params, id);
    }
    const request = this.#request(method, params, id);
    if (options.onProgress) {
      this.#progress.set(id, options.onProgress);
    }
    const answer = this.#expect(request, options);
    this.#send(JSON.stringify(request), options.transport, [request.id]).catch(error => this.#settle(request.id, null, error));
    return answer;
  }

  /**
   * Reads a method's streamed result (it returns IAsyncEnumerable<T> on the server) as it is produced:
   *   for await (const item of rpc.stream("count.slowly", { to: 100 })) { ... }
   * Each page after the first is pulled with $/enumerator/next when the loop wants more; leaving the loop
   * early, or aborting options.signal (which rejects with an AbortError), sends $/enumerator/abort, which
   * stops the grain's sequence. Over HTTP the answer holds every item. options: as call's.
   */
  async *stream(method, params, options = {}) {
    let page = await this.call(method, params, options);
    let token = page.finished ? undefined : page.token;
    try {
      while (true) {
        for (const item of page.values) {
          yield item;
        }
        if (token === undefined) {
          return;
        }
        options.signal?.throwIfAborted();
        page = await this.call("$/enumerator/next", [token], { ...options, transport: "websocket" });
        if (page.finished) {
          token = undefined;
        }
      }
    } finally {
      // Left early: the server stops the sequence and forgets it. A socket that dropped took it already.
      if (token !== undefined && this.#state === "open") {
        this.notify("$/enumerator/abort", [token], { transport: "websocket" }).catch(() => {});
      }
    }
  }

  /** Sends a notification (no answer). Resolves once it is sent, or on HTTP once the server took it. */
  notify(method, params, options = {}) {
    const frame = JSON.stringify(this.#notification(method, params));
    return this.#send(frame, options.transport, []);
  }

  /**
   * Several calls and notifications in one message:
   *   const batch = rpc.batch();
   *   const a = batch.call("subtract", [42, 23]);
   *   batch.notify("update", [1]);
   *   await batch.send();   // settles when every call of it has
   */
  batch() {
    return new RpcBatch(this);
  }

  /** Calls handler(params, message) for each server notification named method; returns what unsubscribes it. */
  on(method, handler) {
    let handlers = this.#handlers.get(method);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(method, handlers);
    }
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  /** Closes the socket for good: calls on their way and waiting ones reject with a ConnectionError. */
  close() {
    if (this.#state === "closed") {
      return;
    }
    this.#state = "closed";
    clearTimeout(this.#retryTimer);
    this.#socket?.close(1000);
    this.#failPending(new ConnectionError("The client is closed"));
    for (const waiting of this.#waiting.splice(0)) {
      waiting.reject(new ConnectionError("The client is closed"));
    }
    this.dispatchEvent(new CustomEvent("closed"));
  }

  // Used by RpcBatch: every call of the batch expects its answer before the one frame goes.
  _sendBatch(entries, options) {
    const messages = [];
    const answers = [];
    const ids = [];
    for (const entry of entries) {
      if (entry.notification) {
        messages.push(this.#notification(entry.method, entry.params));
        continue;
      }
      const request = this.#request(entry.method, entry.params, this.#nextId++);
      messages.push(request);
      ids.push(request.id);
      answers.push(this.#expect(request, options).then(
        result => { entry.resolve(result); return result; },
        error => { entry.reject(error); throw error; }));
    }
    const sent = this.#send(JSON.stringify(messages), options.transport, ids);
    if (ids.length === 0) {
      return sent.then(() => []);
    }
    sent.catch(error => ids.forEach(id => this.#settle(id, null, error)));
    return Promise.allSettled(answers);
  }

  #request(method, params, id) {
    const request = { method, params: params ?? (this.#options.version === "1.0" ? [] : undefined), id };
    return this.#options.version === "2.0" ? { jsonrpc: "2.0", ...request } : request;
  }

  #notification(method, params) {
    return this.#options.version === "2.0"
      ? { jsonrpc: "2.0", method, params }
      : { method, params: params ?? [], id: null };
  }

  #expect(request, options) {
    return new Promise((resolve, reject) => {
      const timeout = options.timeout ?? this.#options.timeout;
      const pending = { resolve, reject, overSocket: false, timer: null, unlisten: null };
      if (timeout > 0) {
        pending.timer = setTimeout(() => {
          this.#pending.delete(request.id);
          this.#progress.delete(request.id);
          pending.unlisten?.();
          reject(new TimeoutError(request.method, timeout));
        }, timeout);
      }
      const signal = options.signal;
      if (signal) {
        const aborted = () => {
          if (this.#pending.get(request.id) !== pending) {
            return;
          }
          this.#pending.delete(request.id);
          this.#progress.delete(request.id);
          clearTimeout(pending.timer);
          if (pending.overSocket && this.#state === "open") {
            this.#socket.send(JSON.stringify(this.#notification("$/cancelRequest", { id: request.id })));
          }
          reject(new DOMException("The call was aborted", "AbortError"));
        };
        signal.addEventListener("abort", aborted, { once: true });
        pending.unlisten = () => signal.removeEventListener("abort", aborted);
      }
      this.#pending.set(request.id, pending);
    });
  }

  #send(frame, transport, ids) {
    if (this.#state === "closed") {
      return Promise.reject(new ConnectionError("The client is closed"));
    }
    if (transport === "http" || (transport !== "websocket" && this.#httpUrl && this.#socketIsDown())) {
      return this.#post(frame, ids);
    }
    if (this.#state === "open") {
      this.#write(frame, ids);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.#waiting.push({ frame, transport, ids, resolve, reject }));
  }

  // Down, not merely opening: the socket was up and dropped, or a first attempt already failed.
  #socketIsDown() {
    return this.#state === "reconnecting";
  }

  #write(frame, ids) {
    for (const id of ids) {
      const pending = this.#pending.get(id);
      if (pending) {
        pending.overSocket = true;
      }
    }
    this.#socket.send(frame);
  }

  async #post(frame, ids) {
    let response;
    try {
      response = await fetch(this.#httpUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: frame,
        credentials: "same-origin",
      });
    } catch (error) {
      throw new ConnectionError(`POST ${this.#httpUrl} failed: ${error.message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new ConnectionError(`POST ${this.#httpUrl} answered ${response.status}: ${text}`, response.status);
    }
    if (text.length > 0) {
      this.#receive(text);
    }
    // Calls the server answered nothing for (it cannot, but a proxy might eat the body) do not wait for ever.
    for (const id of ids) {
      this.#settle(id, null, new ConnectionError(`POST ${this.#httpUrl} returned no answer for id ${id}`, response.status));
    }
  }

  #open() {
    let socket;
    try {
      socket = new WebSocket(this.#url, this.#options.protocols);
    } catch (error) {
      // A malformed URL or protocol list: nothing to retry.
      this.#state = "closed";
      throw error;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) {
        return;
      }
      this.#state = "open";
      this.#wasOpen = true;
      this.#attempt = 0;
      for (const waiting of this.#waiting.splice(0)) {
        this.#write(waiting.frame, waiting.ids);
        waiting.resolve();
      }
      this.dispatchEvent(new CustomEvent("open"));
    };
    socket.onmessage = event => this.#receive(event.data);
    socket.onclose = event => this.#closed(socket, event);
  }

  #closed(socket, event) {
    if (this.#socket !== socket) {
      return;
    }
    this.#socket = null;
    const reconnecting = this.#state !== "closed" && this.#options.reconnect !== false;
    this.#failPending(new ConnectionError(`The WebSocket closed (${event.code}${event.reason ? " " + event.reason : ""}) before the answer`), true);
    this.dispatchEvent(new CustomEvent("close", { detail: { code: event.code, reason: event.reason, reconnecting } }));
    if (this.#state === "closed") {
      return;
    }
    if (!reconnecting) {
      this.close();
      return;
    }
    this.#state = "reconnecting";
    if (this.#httpUrl) {
      // Now that the socket is down, frames that wait for it go over HTTP, unless they asked for the socket.
      const stay = [];
      for (const waiting of this.#waiting.splice(0)) {
        if (waiting.transport === "websocket") {
          stay.push(waiting);
        } else {
          this.#post(waiting.frame, waiting.ids).then(waiting.resolve, waiting.reject);
        }
      }
      this.#waiting.push(...stay);
    }
    const { minDelay, maxDelay, jitter } = this.#options.reconnect;
    const delay = Math.min(maxDelay, minDelay * 2 ** this.#attempt) * (1 - jitter * Math.random());
    this.#attempt++;
    this.dispatchEvent(new CustomEvent("reconnecting", { detail: { attempt: this.#attempt, delay } }));
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }

  // Calls whose frame went over the socket that closed: their answers cannot come any more. With
  // onlySocket, calls that went over HTTP, or wait for the socket, are left alone.
  #failPending(error, onlySocket = false) {
    for (const [id, pending] of this.#pending) {
      if (onlySocket && !pending.overSocket) {
        continue;
      }
      this.#settle(id, null, error);
    }
  }

  #receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      this.dispatchEvent(new CustomEvent("error", { detail: data }));
      return;
    }
    for (const item of Array.isArray(message) ? message : [message]) {
      this.#dispatch(item);
    }
  }

  #dispatch(message) {
    if (message === null || typeof message !== "object") {
      this.dispatchEvent(new CustomEvent("error", { detail: message }));
      return;
    }
    if (typeof message.method === "string") {
      // Server notifications: no id in 2.0, id null in 1.0.
      if (message.method === "$/progress") {
        this.#reportProgress(message.params);
      }
      for (const handler of this.#handlers.get(message.method) ?? []) {
        try {
          handler(message.params, message);
        } catch (error) {
          reportError(error);
        }
      }
      return;
    }
    if (!this.#pending.has(message.id)) {
      // An id this client issued is a late answer to a call that timed out; any other cannot be placed.
      if (!(Number.isInteger(message.id) && message.id > 0 && message.id < this.#nextId)) {
        this.dispatchEvent(new CustomEvent("error", { detail: message }));
      }
      return;
    }
    const error = message.error;
    if (error !== undefined && error !== null) {
      this.#settle(message.id, null, new RpcError(error.code, error.message, error.data));
    } else {
      this.#settle(message.id, message.result, null);
    }
  }

  #reportProgress(params) {
    const onProgress = this.#progress.get(params?.token);
    if (!onProgress) {
      return;
    }
    try {
      onProgress(params.value);
    } catch (error) {
      reportError(error);
    }
  }

  #settle(id, result, error) {
    this.#progress.delete(id);
    const pending = this.#pending.get(id);
    if (!pending) {
      return;
    }
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    pending.unlisten?.();
    if (error) {
      pending.reject(error);
    } else {
      pending.resolve(result);
    }
  }
}

/** Calls and notifications sent together as one JSON-RPC batch; see RpcClient.batch. */
export class RpcBatch {
  #client;
  #entries = [];
  #sent = false;

  constructor(client) {
    this.#client = client;
  }

  /** Adds a call; the promise settles with its own answer once the batch is sent. */
  call(method, params) {
    const answer = new Promise((resolve, reject) => this.#add({ method, params, notification: false, resolve, reject }));
    // send() reports every call's outcome too, so a call whose own promise nobody awaits is not an unhandled rejection.
    answer.catch(() => {});
    return answer;
  }

  notify(method, params) {
    this.#add({ method, params, notification: true });
  }

  /** Sends the batch; resolves with Promise.allSettled of its calls, in the order they were added. */
  send(options = {}) {
    if (this.#sent) {
      return Promise.reject(new Error("This batch was sent already"));
    }
    if (this.#entries.length === 0) {
      return Promise.reject(new Error("An empty batch is invalid JSON-RPC"));
    }
    this.#sent = true;
    return this.#client._sendBatch(this.#entries, options);
  }

  #add(entry) {
    if (this.#sent) {
      throw new Error("This batch was sent already");
    }
    this.#entries.push(entry);
  }
}

function socketUrl(url) {
  const resolved = new URL(url, globalThis.location?.href);
  if (resolved.protocol === "http:") {
    resolved.protocol = "ws:";
  } else if (resolved.protocol === "https:") {
    resolved.protocol = "wss:";
  }
  return resolved.href;
}

function httpUrl(socket, http) {
  if (http) {
    return new URL(http, globalThis.location?.href).href;
  }
  const resolved = new URL(socket);
  resolved.protocol = resolved.protocol === "wss:" ? "https:" : "http:";
  resolved.pathname = "/rpc";
  resolved.search = "";
  return resolved.href;
}

// params with the progress marker replaced by token; a call with onProgress must have one.
function withToken(params, token) {
  if (Array.isArray(params) && params.includes(progress)) {
    return params.map(value => (value === progress ? token : value));
  }
  if (params && typeof params === "object" && !Array.isArray(params)) {
    const key = Object.keys(params).find(name => params[name] === progress);
    if (key !== undefined) {
      return { ...params, [key]: token };
    }
  }
  throw new TypeError("A call with onProgress marks its IProgress parameter with progress in params");
}
