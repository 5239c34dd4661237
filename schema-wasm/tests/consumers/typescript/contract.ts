// The package's types are the API's: each equals (is assignable both ways to) the type
// openapi-typescript generates from the package's own openapi.json (wasm-consumers.sh writes it).
import type { components } from "./openapi.generated";
import type { ErrorAnswer, RideRecord, Violation } from "@wild-rydes/ride-record-schema";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Schemas = components["schemas"];
// openapi-typescript 7 also lists the schema file's own `$defs` as a member of the record.
type RecordOfTheDocument = Omit<Schemas["ride-record.schema"], "$defs">;

export const recordsAgree: Same<RideRecord, RecordOfTheDocument> = true;
export const violationsAgree: Same<Violation, Schemas["Violation"]> = true;
export const errorAnswersAgree: Same<ErrorAnswer, Schemas["Error"]> = true;
