// The JavaScript API over the wasm exports: one shape for the browser and Node entries.
export function makeApi(bindings) {
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
    return encoder.encodeInto(text, input).written;
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
