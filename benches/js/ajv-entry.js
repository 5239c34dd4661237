// What a front end would ship to validate with ajv instead: the draft 2020-12 build, bundled (make bench).
export { default as Ajv2020 } from "ajv/dist/2020.js";
