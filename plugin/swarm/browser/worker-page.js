// Browser worker page of the edge swarm (served by the coordinator at /worker). Speaks the protocol of
// plugin/swarm/protocol.ts over a WebSocket to the same origin; proves in a Web Worker (prove-webworker.js) with
// snarkjs's browser build; keeps circuit artifacts in Cache Storage under their sha256 and checks the hash of every
// file before using it, so a stale circuit is never used. The worker id lives in localStorage: a reload resumes.
"use strict";
(function () {
  const PROTOCOL = 1;
  const params = new URLSearchParams(location.search);
  const threads = Math.max(1, Math.min(8, Number(params.get("threads")) || 1));
  const idKey = "drex-swarm-worker-id";
  let workerId = localStorage.getItem(idKey);
  if (!workerId || !/^[A-Za-z0-9_.:-]{1,128}$/.test(workerId)) {
    const r = new Uint8Array(6);
    crypto.getRandomValues(r);
    workerId = "browser-" + Array.from(r, (b) => b.toString(16).padStart(2, "0")).join("");
    localStorage.setItem(idKey, workerId);
  }
  const provenKey = "drex-swarm-proven";
  let proven = Number(localStorage.getItem(provenKey) || "0");

  const $ = (id) => document.getElementById(id);
  $("worker-id").textContent = workerId;
  $("proven").textContent = String(proven);
  function setState(s) { $("state").textContent = s; document.body.dataset.state = s; }
  function log(line) {
    const el = $("log");
    el.textContent += new Date().toLocaleTimeString() + "  " + line + "\n";
    el.scrollTop = el.scrollHeight;
  }
  window.swarmWorker = { get id() { return workerId; }, get proven() { return proven; }, log };

  // ---- artifacts: Cache Storage keyed by the content-addressed URL, hash checked on every load ----
  const memory = new Map(); // sha256 -> Uint8Array, for this page's life
  async function sha256Hex(bytes) {
    const d = await crypto.subtle.digest("SHA-256", bytes);
    return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
  }
  async function artifact(ref) {
    if (memory.has(ref.sha256)) return memory.get(ref.sha256);
    if (!crypto.subtle) throw new Error("this page needs a secure context (https or localhost) to check artifact hashes");
    const cache = "caches" in self ? await caches.open("drex-swarm-artifacts") : undefined;
    let bytes;
    const hit = cache ? await cache.match(ref.url) : undefined;
    if (hit) {
      bytes = new Uint8Array(await hit.arrayBuffer());
      if ((await sha256Hex(bytes)) !== ref.sha256) { await cache.delete(ref.url); bytes = undefined; log("cached artifact corrupted, fetching again"); }
      else log("artifact " + ref.sha256.slice(0, 12) + "… from cache (" + bytes.length + " bytes)");
    }
    if (!bytes) {
      log("downloading artifact " + ref.sha256.slice(0, 12) + "…");
      const res = await fetch(ref.url);
      if (!res.ok) throw new Error("artifact " + ref.url + ": HTTP " + res.status);
      bytes = new Uint8Array(await res.arrayBuffer());
      const found = await sha256Hex(bytes);
      if (found !== ref.sha256) throw new Error("artifact " + ref.url + " has sha256 " + found + ", expected " + ref.sha256 + ": refusing a stale circuit");
      if (cache) await cache.put(ref.url, new Response(bytes, { headers: { "content-type": "application/octet-stream" } }));
    }
    memory.set(ref.sha256, bytes);
    return bytes;
  }

  // ---- proving slots: one Web Worker each ----
  const slots = Array.from({ length: threads }, () => ({ ww: undefined, job: undefined, seq: -1 }));
  let seq = 0;
  function freeSlot(s, kill) {
    s.job = undefined; s.seq = -1;
    if (kill && s.ww) { s.ww.terminate(); s.ww = undefined; }
    $("now").textContent = slots.some((x) => x.job) ? slots.filter((x) => x.job).map((x) => "shard " + x.job.shardIndex).join(", ") : "idle";
  }

  let ws;
  let attempt = 0;
  function send(m) { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m)); }

  async function onJob(job) {
    const s = slots.find((x) => !x.job);
    if (!s) { send({ type: "return", jobId: job.jobId }); return; }
    const my = seq++;
    s.job = job; s.seq = my;
    $("now").textContent = "shard " + job.shardIndex;
    log("job " + job.jobId + " (shard " + job.shardIndex + ")");
    let wasm, zkey;
    try {
      [wasm, zkey] = await Promise.all([artifact(job.wasm), artifact(job.zkey)]);
    } catch (e) {
      if (s.seq === my) { send({ type: "failed", jobId: job.jobId, reason: String(e.message || e) }); freeSlot(s, false); }
      log("artifact error: " + (e.message || e));
      return;
    }
    if (s.seq !== my) return;
    setState("proving");
    s.ww = s.ww || new Worker("/prove-webworker.js");
    const ww = s.ww;
    const reply = await new Promise((resolve) => {
      ww.onmessage = (ev) => { if (ev.data.id === my) resolve(ev.data); };
      ww.onerror = (ev) => resolve({ id: my, error: String(ev.message || "worker error") });
      ww.postMessage({ id: my, input: job.input, wasm, zkey });
    });
    if (s.seq !== my) return;
    if (reply.error || !reply.proof) {
      send({ type: "failed", jobId: job.jobId, reason: reply.error || "no proof" });
      log("proving failed: " + reply.error);
      freeSlot(s, true);
    } else {
      send({ type: "result", jobId: job.jobId, zkey: job.zkey.sha256, proof: reply.proof, publicSignals: reply.publicSignals, ms: reply.ms });
      proven++;
      localStorage.setItem(provenKey, String(proven));
      $("proven").textContent = String(proven);
      log("shard " + job.shardIndex + " proven in " + Math.round(reply.ms) + " ms, sent");
      freeSlot(s, false);
    }
    if (!slots.some((x) => x.job)) setState("connected");
  }

  function connect() {
    setState("connecting");
    ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/");
    ws.onopen = () => {
      attempt = 0;
      send({ type: "hello", protocol: PROTOCOL, workerId, kind: "browser", threads, name: navigator.userAgent.slice(0, 100) });
    };
    ws.onmessage = (ev) => {
      let m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (m.type === "welcome") { setState("connected"); log("joined the coordinator as " + workerId + " (" + threads + " thread(s))"); }
      else if (m.type === "job") onJob(m).catch((e) => log("error: " + (e.message || e)));
      else if (m.type === "cancel") { const s = slots.find((x) => x.job && x.job.jobId === m.jobId); if (s) { log("job " + m.jobId + " cancelled (" + "proven elsewhere or timed out)"); freeSlot(s, true); } }
      else if (m.type === "error") log("coordinator refused a message: " + m.reason);
      else if (m.type === "banned") { log("banned: " + m.reason); setState("banned"); }
    };
    ws.onclose = (ev) => {
      for (const s of slots) freeSlot(s, true);
      if (ev.code === 4003) { setState("banned"); return; }
      setState("disconnected");
      const delay = Math.min(30000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      attempt++;
      log("connection closed (" + ev.code + "), reconnecting in " + Math.round(delay) + " ms");
      setTimeout(connect, delay);
    };
  }
  connect();
})();
