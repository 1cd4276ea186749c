// Injected by `sitrep serve` into every HTML page it serves (never into `sitrep build` output):
// reloads the page when the site has been rebuilt. `__SITREP_GENERATION__` is the build the
// page came from, so a rebuild between loading the page and connecting is not missed.
(() => {
  const events = new EventSource("/__sitrep/events?since=__SITREP_GENERATION__");
  events.addEventListener("reload", () => {
    events.close();
    location.reload();
  });
})();
