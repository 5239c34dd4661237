// A TypeScript form against the package's index.d.ts, compiled with --strict: the exported types
// describe what the validator returns, and misuse does not compile (each @ts-expect-error must fail).
import { init, validateRideRecord, schema, version } from "@wild-rydes/ride-record-schema";
import type { RideRecord, Verdict, Violation } from "@wild-rydes/ride-record-schema";

const ride: RideRecord = {
  RideId: "cb4e0e60-9c23-11e8-af29-8a060cb55967",
  RequestTime: "2018-08-09 22:30:18.347888",
  Unicorn: { Name: "Bucephalus", Color: "Golden", Horn: true, Rides: 7 },
};

export async function check(form: HTMLFormElement): Promise<string[]> {
  await init();
  const verdict: Verdict = validateRideRecord(new FormData(form).get("record") as string);
  const fromObject: Verdict = validateRideRecord(ride);
  if (verdict.valid) {
    const none: [] = verdict.errors;
    return none;
  }
  const first: Violation | undefined = verdict.errors[0];
  const pointers: string[] = verdict.errors.map((violation) => `${violation.pointer} ${violation.code}: ${violation.message}`);
  const title: unknown = schema()["title"];
  return [String(fromObject.valid), version(), String(title), first?.pointer ?? "", ...pointers];
}

// @ts-expect-error RideId is required
const withoutId: RideRecord = { RequestTime: "2018-08-09 22:30:18", Unicorn: { Name: "x", Color: "y" } };
// @ts-expect-error a Unicorn field is a string, boolean or number
const nested: RideRecord = { ...ride, Unicorn: { ...ride.Unicorn, Saddle: { size: 3 } } };
// @ts-expect-error validateRideRecord takes a string or an object
validateRideRecord(42);
// @ts-expect-error a Violation has no line number
const line: number = validateRideRecord("{}").errors[0].line;
// @ts-expect-error init() resolves to nothing to use
const api: { validateRideRecord: unknown } = await init();
export { withoutId, nested, line, api };
