// The JavaScript API over the wasm exports: one shape for the browser and Node entries.
//
// `copyAscii`: how a document's text reaches wasm memory; both ways give the same bytes. The browser
// entry copies the ASCII part by hand: in Chromium 156 that took about 10 % less time per record than
// one TextEncoder.encodeInto. The Node entry encodes in one call: in Node 20 the loop ran about a
// quarter more instructions per record.
export function makeApi(bindings, { copyAscii = false } = {}) {
  const encoder = new TextEncoder();
  const memory = bindings.wasmMemory();
  let input = new Uint8Array(0); // a view of the wasm input buffer, kept while the buffer stays put

  /** The document's UTF-8 written into wasm memory, as the service would receive it: its length. */
  function writeInput(text) {
    // The most UTF-8 bytes a UTF-16 string can need, rounded up so that most documents reuse one buffer.
    const needed = text.length * 3;
    const capacity = needed <= 4096 ? 4096 : 2 ** Math.ceil(Math.log2(needed));
    const address = bindings.inputBuffer(capacity);
    // When wasm memory grows, its old buffer is detached and every view of it has length 0.
    if (input.byteOffset !== address || input.length < capacity) {
      input = new Uint8Array(memory.buffer, address, capacity);
    }
    return copyAscii ? copyAsciiThenEncode(text, input) : encoder.encodeInto(text, input).written;
  }

  function copyAsciiThenEncode(text, bytes) {
    const length = text.length;
    for (let index = 0; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code > 0x7f) return index + encoder.encodeInto(text.slice(index), bytes.subarray(index)).written;
      bytes[index] = code;
    }
    return length;
  }

  /**
   * Validates a ride record given as a JSON string (checked byte for byte as the service would
   * receive it) or as a plain object (checked as JSON.stringify sends it).
   */
  function validateRideRecord(input) {
    const text = typeof input === "string" ? input : JSON.stringify(input) ?? "";
    const violations = bindings.inputViolationsJson(writeInput(text));
    return violations === undefined
      ? { valid: true, errors: [] }
      : { valid: false, errors: JSON.parse(violations) };
  }
  return {
    validateRideRecord,
    schema: JSON.parse(bindings.schemaJson()),
    version: bindings.crateVersion(),
  };
}
