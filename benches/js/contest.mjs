// One run of the validation contest, the same code in Node and in Chromium: the wasm package's
// validateRideRecord against ajv 8 (draft 2020-12) on the same JSON texts. Both parse the text.
// Rounds alternate between the contenders, so that neither alone pays for the engine warming up or
// for a busy moment of the machine. `only` names one contender to run alone
// (benches/instructions.sh counts each on its own).
export function contest({ validateRideRecord, Ajv2020, schema, records, rounds, passes, only }) {
  const ajvValidate = compileWithAjv(Ajv2020, schema);
  const contenders = Object.entries({
    wasm: (text) => validateRideRecord(text).valid,
    ajv: (text) => ajvValidate(JSON.parse(text)),
  }).filter(([name]) => only === undefined || name === only);
  const results = {};
  for (const [name, isValid] of contenders) {
    if (!records.every(isValid)) throw new Error(`${name} rejects a real record`);
    results[name] = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, isValid] of contenders) {
      const started = performance.now();
      for (let pass = 0; pass < passes; pass++) for (const text of records) isValid(text);
      results[name].push(((performance.now() - started) * 1e6) / (passes * records.length));
    }
  }
  return results; // nanoseconds per record, one number per round
}

/** ajv's validator for the schema, each format given as the x-pattern written next to it. */
export function compileWithAjv(Ajv2020, schema) {
  // ajv does not know the schema's x-message and x-pattern annotations; strict mode would refuse them.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const addFormats = (node) => {
    if (node === null || typeof node !== "object") return;
    if (typeof node.format === "string" && typeof node["x-pattern"] === "string") {
      ajv.addFormat(node.format, new RegExp(node["x-pattern"]));
    }
    Object.values(node).forEach(addFormats);
  };
  addFormats(schema);
  return ajv.compile(schema);
}
