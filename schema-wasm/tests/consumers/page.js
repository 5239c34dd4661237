// What a form does with the validator, the same in every consumer project: before init() a clear
// error and no verdict, then synchronous verdicts. No top-level await: a bundler's default target
// need not support it. The test reads window.consumer.
import { init, validateRideRecord, version } from "@wild-rydes/ride-record-schema";

let beforeInit = "no error";
try {
  validateRideRecord("{}");
} catch (error) {
  beforeInit = error.message;
}

init().then(
  () => {
    window.consumer = { beforeInit, version: version(), validate: validateRideRecord };
    document.body.dataset.ready = "true";
  },
  (error) => {
    document.body.dataset.ready = "failed";
    document.body.textContent = String(error);
  },
);
