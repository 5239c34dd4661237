// The demo form: every keystroke is validated by the wasm build of the service's validator; the
// record is sent only when it has no violation. On the first `make run` the API answers before the
// validator is built: the page says so, waits for the package, then loads it.
let validateRideRecord;

const form = document.getElementById("ride");
const field = (id) => document.getElementById(id);
const inputs = ["RideId", "RequestTime", "Name", "Color", "DeviceId"].map(field);

/** Python's str(datetime) of now in UTC, as the wild-rydes requester writes RequestTime. */
function wildRydesNow() {
  const iso = new Date().toISOString(); // 2018-08-09T22:30:18.347Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000`;
}

function record() {
  const unicorn = { Name: field("Name").value, Color: field("Color").value };
  if (field("DeviceId").value !== "") unicorn.DeviceId = field("DeviceId").value;
  return { RideId: field("RideId").value, RequestTime: field("RequestTime").value, Unicorn: unicorn };
}

function showVerdict() {
  const { valid, errors } = validateRideRecord(record());
  const shown = new Set();
  for (const slot of form.querySelectorAll(".error[data-pointer]")) {
    const messages = errors.filter((e) => e.pointer === slot.dataset.pointer).map((e) => e.message);
    slot.textContent = messages.join(" ");
    messages.length && shown.add(slot.dataset.pointer);
  }
  for (const input of inputs) {
    const pointer = input.id === "RideId" || input.id === "RequestTime" ? `/${input.id}` : `/Unicorn/${input.id}`;
    input.setAttribute("aria-invalid", String(shown.has(pointer)));
  }
  field("other-errors").textContent = errors.filter((e) => !shown.has(e.pointer)).map((e) => e.message).join(" ");
  field("submit").disabled = !valid;
}

const outcomes = {
  201: ["Recorded", "good"],
  200: ["Already recorded: this exact ride was stored before (replay)", "good"],
  409: ["Conflict: another ride is stored under this RideId", "bad"],
  400: ["Rejected by the service", "bad"],
};

async function submit(event) {
  event.preventDefault();
  field("submit").disabled = true;
  const response = await fetch("/record", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(record()),
  });
  const [title, tone] = outcomes[response.status] ?? [`Error ${response.status}`, "bad"];
  const result = field("result");
  result.hidden = false;
  result.className = tone;
  result.dataset.status = String(response.status);
  field("result-title").textContent = `${response.status} · ${title}`;
  field("result-body").textContent = JSON.stringify(await response.json(), null, 2);
  showVerdict();
}

async function loadFleet() {
  const unicorns = await (await fetch("unicorns.json")).json();
  const select = field("fleet");
  for (const unicorn of unicorns) select.add(new Option(`${unicorn.Name} (${unicorn.Color})`, JSON.stringify(unicorn)));
}

function chooseFromFleet() {
  const select = field("fleet");
  const unicorn = select.value ? JSON.parse(select.value) : { Name: "", Color: "", DeviceId: "" };
  for (const key of ["Name", "Color", "DeviceId"]) field(key).value = unicorn[key] ?? "";
  showVerdict();
}

const PACKAGE_POLL_MS = 2000;

/** The validator package, once `make run`'s build of it is done; `null` if it cannot come. */
async function validatorPackage() {
  for (;;) {
    if ((await fetch("/pkg/package.json", { method: "HEAD" })).ok) {
      return import("@wild-rydes/ride-record-schema");
    }
    const build = await fetch("/validator-build.json").then((r) => (r.ok ? r.json() : { state: "missing" }));
    if (build.state !== "building") {
      const why = build.reason ?? "no package and no build under way: run `make wasm`";
      field("status").textContent = `The validator is unavailable (${why}); the API still answers at /record.`;
      document.body.dataset.validator = "unavailable";
      return null;
    }
    field("status").textContent =
      "Preparing the validator: the first `make run` builds it (a few minutes); the API already answers at /record.";
    document.body.dataset.validator = "preparing";
    await new Promise((resolve) => setTimeout(resolve, PACKAGE_POLL_MS));
  }
}

async function start() {
  field("RideId").value = crypto.randomUUID();
  field("RequestTime").value = wildRydesNow();
  field("submit").disabled = true;
  // The form listens once the validator is loaded: validateRideRecord answers only after init().
  const [validator] = await Promise.all([validatorPackage(), loadFleet()]);
  if (!validator) return;
  await validator.init();
  validateRideRecord = validator.validateRideRecord;
  field("new-ride-id").addEventListener("click", () => {
    field("RideId").value = crypto.randomUUID();
    showVerdict();
  });
  field("fleet").addEventListener("change", chooseFromFleet);
  form.addEventListener("input", showVerdict);
  form.addEventListener("submit", submit);
  showVerdict();
  field("status").textContent = `Validator ${validator.version()} (WebAssembly) ready.`;
  document.body.dataset.validator = "ready";
  document.body.dataset.ready = "true";
}

await start();
