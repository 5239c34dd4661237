// ajv with no options (its 2020-12 build), as a front end would use it on the published schema:
// reads {"schema": ..., "documents": [...]} on stdin, prints one verdict (true/false) per document.
import Ajv2020 from "ajv/dist/2020.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { schema, documents } = JSON.parse(input);
const validate = new Ajv2020().compile(schema);
console.log(JSON.stringify(documents.map((document) => validate(document))));
