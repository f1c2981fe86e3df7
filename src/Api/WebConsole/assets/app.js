import { api, ApiError, session } from "./api.js";
import { h, replace, statusBadge, progressBar, formatTime, parseTime, formatSize } from "./dom.js";
import { confirmAction } from "./confirm.js";

// Pages refresh themselves while shown: statuses, steps and progress are live without reloading; faster while
// something runs.
const busyPollMilliseconds = 1000;
const idlePollMilliseconds = 2500;
// Statuses with nothing running on the instance: the operation's step is only fetched for the others.
const settled = new Set(["ACTIVE", "ERROR", "RESTART_REQUIRED"]);

const page = document.getElementById("page");
const announcer = document.getElementById("announcer");
let timer = null;
let generation = 0;
// Refreshes the page now (after an action), without rebuilding it, so that focus stays where it was.
let refreshNow = () => {};

function announce(message) {
  announcer.textContent = message;
}

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const parts = hash.split("/").filter(p => p.length > 0).map(decodeURIComponent);
  if (parts[0] === "instances" && parts.length === 2) {
    return { name: "instance", id: parts[1] };
  }

  return { name: "instances" };
}

async function show() {
  clearTimeout(timer);
  const current = ++generation;
  const signedIn = session.signedIn;
  document.getElementById("sign-in").hidden = signedIn;
  document.getElementById("nav").hidden = !signedIn;
  if (!signedIn) {
    page.replaceChildren();
    document.getElementById("project").focus();
    return;
  }

  document.getElementById("project-label").textContent = `Project ${session.project}`;
  const view = route();
  const render = view.name === "instance" ? instancePage(view.id) : instancesPage();
  page.replaceChildren(render.root);
  document.title = render.title;

  // One refresh after another, never overlapping (a refresh asked for meanwhile runs right after); a new page
  // (generation) stops the old loop.
  let refreshing = false;
  let again = false;
  const tick = async () => {
    if (refreshing) {
      again = true;
      return;
    }

    refreshing = true;
    clearTimeout(timer);
    let busy = false;
    try {
      busy = await render.refresh();
      render.error.textContent = "";
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        session.signOut();
        document.getElementById("sign-in-error").textContent = e.message;
        show();
        return;
      }

      render.error.textContent = e.message;
    } finally {
      refreshing = false;
    }

    if (current !== generation) {
      return;
    }

    if (again) {
      again = false;
      tick();
    } else {
      timer = setTimeout(tick, busy ? busyPollMilliseconds : idlePollMilliseconds);
    }
  };
  refreshNow = () => {
    if (current === generation) {
      tick();
    }
  };
  await tick();
}

function instancesPage() {
  const error = h("p", { class: "error", role: "alert" });
  const table = h("div", { id: "instances-table" }, h("p", { class: "muted" }, "Loading…"));
  const root = h("section", { "aria-labelledby": "instances-title" },
    h("h2", { id: "instances-title" }, "Instances"), error, table);

  async function refresh() {
    const { instances } = await api("instances");
    const operations = await Promise.all(instances.map(i =>
      i.operation_id && !settled.has(i.status) ? api(`operations/${encodeURIComponent(i.operation_id)}`).then(o => o.operation, () => null) : null));
    if (instances.length === 0) {
      replace(table, h("p", {}, "This project has no instances yet."));
      return false;
    }

    replace(table, h("table", { "aria-label": "Instances" },
      h("thead", {}, h("tr", {},
        ["Name", "Status", "Current step", "Progress", "Role", "Datastore", "Address"].map(c => h("th", { scope: "col" }, c)))),
      h("tbody", {}, instances.map((instance, index) => {
        const operation = operations[index];
        return h("tr", { "data-instance": instance.id },
          h("th", { scope: "row" }, h("a", { href: `#/instances/${encodeURIComponent(instance.id)}`, "data-key": `i-${instance.id}` }, instance.name)),
          h("td", {}, statusBadge(instance.status)),
          h("td", { class: "step" }, operation ? `${operation.kind}: ${operation.current_step ?? "starting"}` : "—"),
          h("td", {}, operation ? progressBar(operation.progress, `Progress of ${instance.name}`) : "—"),
          h("td", {}, roleOf(instance)),
          h("td", {}, `${instance.datastore.type} ${instance.datastore.version}`),
          h("td", {}, instance.hostname ? `${instance.hostname}:${instance.port ?? 3306}` : "—"));
      }))));
    return instances.some(i => !settled.has(i.status));
  }

  return { root, refresh, error, title: "Instances · DBaaS console" };
}

function roleOf(instance) {
  if (instance.replica_of) {
    return `replica of ${instance.replica_of.name ?? instance.replica_of.id}`;
  }

  if (instance.replicas?.length) {
    return `source of ${instance.replicas.length}`;
  }

  return "standalone";
}

function instancePage(id) {
  const error = h("p", { class: "error", role: "alert" });
  const title = h("h2", { id: "instance-title", tabindex: "-1" }, "Instance");
  const summary = h("div", { id: "summary" });
  const actions = h("div", { class: "actions", role: "group", "aria-label": "Actions" });
  const topology = h("div", { id: "topology" });
  const chains = h("div", { id: "chains" });
  const schedules = h("div", { id: "schedules" });
  const operations = h("div", { id: "operations" });
  let instance = null;
  let backups = [];

  const backupButton = h("button", { type: "button", id: "action-backup", onclick: () => backupNow() }, "Back up now");
  const replicaButton = h("button", { type: "button", id: "action-replica", onclick: () => createReplica() }, "Create replica");
  const promoteButton = h("button", { type: "button", id: "action-promote", onclick: () => promote() }, "Promote to source");
  actions.append(backupButton, replicaButton, promoteButton);

  const root = h("div", {},
    h("p", {}, h("a", { href: "#/instances" }, "← All instances")),
    title, error,
    h("section", { class: "panel", "aria-labelledby": "summary-title" }, h("h3", { id: "summary-title" }, "Status"), summary, actions),
    h("section", { class: "panel", "aria-labelledby": "topology-title" }, h("h3", { id: "topology-title" }, "Replica set"), topology),
    h("section", { class: "panel", "aria-labelledby": "chains-title" }, h("h3", { id: "chains-title" }, "Backup chains"), chains),
    h("section", { class: "panel", "aria-labelledby": "schedules-title" }, h("h3", { id: "schedules-title" }, "Schedules"), schedules),
    h("section", { class: "panel", "aria-labelledby": "operations-title" }, h("h3", { id: "operations-title" }, "Operations"), operations));

  async function refresh() {
    instance = (await api(`instances/${encodeURIComponent(id)}`)).instance;
    const [set, backupList, scheduleList, operationList] = await Promise.all([
      replicaSet(instance),
      api(`instances/${encodeURIComponent(id)}/backups`).then(b => b.backups),
      api(`instances/${encodeURIComponent(id)}/schedules`).then(s => s.schedules),
      api(`instances/${encodeURIComponent(id)}/operations`).then(o => o.operations),
    ]);
    backups = backupList;
    title.textContent = `Instance ${instance.name}`;
    document.title = `${instance.name} · DBaaS console`;
    const running = operationList.find(o => o.status === "RUNNING");
    replace(summary, h("dl", { class: "facts" },
      h("dt", {}, "Status"), h("dd", { id: "instance-status" }, statusBadge(instance.status)),
      h("dt", {}, "Current step"), h("dd", { id: "instance-step" }, running ? `${running.kind}: ${running.current_step ?? "starting"}` : "—"),
      h("dt", {}, "Progress"), h("dd", {}, running ? progressBar(running.progress, `Progress of ${instance.name}`) : "—"),
      h("dt", {}, "Role"), h("dd", {}, roleOf(instance)),
      h("dt", {}, "Address"), h("dd", {}, instance.hostname ? `${instance.hostname}:${instance.port ?? 3306}` : "—"),
      h("dt", {}, "Datastore"), h("dd", {}, `${instance.datastore.type} ${instance.datastore.version}`),
      h("dt", {}, "Id"), h("dd", {}, instance.id),
      instance.fault ? [h("dt", {}, "Fault"), h("dd", { class: "error" }, instance.fault.message)] : null));
    const idle = instance.status === "ACTIVE";
    backupButton.disabled = !idle;
    replicaButton.disabled = !idle || Boolean(instance.replica_of);
    promoteButton.hidden = !instance.replica_of;
    promoteButton.disabled = !idle;

    replace(topology, renderTopology(set, instance.id));
    replace(chains, renderChains(backupList));
    replace(schedules, renderSchedules(scheduleList));
    replace(operations, renderOperations(operationList));
    return Boolean(running) || !settled.has(instance.status) || set.replicas.some(r => !settled.has(r.status))
      || backupList.some(b => b.status !== "COMPLETED" && b.status !== "FAILED");
  }

  async function backupNow() {
    const completed = backups.filter(b => b.status === "COMPLETED");
    const name = h("input", { id: "backup-name", name: "name", required: true, value: `${instance.name}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}` });
    const incremental = h("input", { id: "backup-incremental", type: "checkbox", disabled: completed.length === 0 });
    const ok = await confirmAction({
      title: `Back up ${instance.name}?`,
      text: completed.length === 0
        ? "A full backup of the instance starts now."
        : "A backup starts now: full, or incremental on top of the instance's latest backup.",
      confirm: "Start backup",
      fields: [h("label", { for: "backup-name" }, "Backup name"), name,
        h("label", { class: "check", for: "backup-incremental" }, incremental, "Incremental (on the latest backup)")],
      run: () => api("backups", { method: "POST", body: { backup: { name: name.value.trim(), instance: instance.id, incremental: incremental.checked ? 1 : 0 } } }),
    });
    if (ok) {
      announce(`Backup ${name.value.trim()} started.`);
      refreshNow();
    }
  }

  async function createReplica() {
    const name = h("input", { id: "replica-name", name: "name", required: true, value: `${instance.name}-replica` });
    const ok = await confirmAction({
      title: `Create a replica of ${instance.name}?`,
      text: "A new server is provisioned, seeded from the instance and kept in sync with it.",
      confirm: "Create replica",
      fields: [h("label", { for: "replica-name" }, "Replica name"), name],
      run: () => api("instances", { method: "POST", body: { instance: { name: name.value.trim(), replica_of: instance.id } } }),
    });
    if (ok) {
      announce(`Replica ${name.value.trim()} is being created.`);
      refreshNow();
    }
  }

  async function promote() {
    const source = instance.replica_of?.name ?? instance.replica_of?.id;
    const ok = await confirmAction({
      title: `Promote ${instance.name} to source?`,
      text: `${instance.name} becomes the writable source; ${source} and the other replicas follow it. Writes to ${source} stop during the switchover.`,
      confirm: "Promote",
      run: () => api(`instances/${encodeURIComponent(instance.id)}/action`, { method: "POST", body: { promote_to_replica_source: {} } }),
    });
    if (ok) {
      announce(`Promoting ${instance.name}.`);
      refreshNow();
    }
  }

  return { root, refresh, error, title: "Instance · DBaaS console" };
}

// The whole set the instance belongs to: its source (or itself) and the source's replicas, each as show reads it
// (with replication health).
async function replicaSet(instance) {
  const source = instance.replica_of
    ? await api(`instances/${encodeURIComponent(instance.replica_of.id)}`).then(r => r.instance, () => null)
    : instance;
  const replicaRefs = source?.replicas ?? [];
  const replicas = await Promise.all(replicaRefs.map(r =>
    r.id === instance.id ? instance : api(`instances/${encodeURIComponent(r.id)}`).then(x => x.instance, () => ({ id: r.id, name: r.name, status: "UNKNOWN" }))));
  const members = [source, ...replicas].filter(m => m && m.operation_id && !settled.has(m.status));
  await Promise.all(members.map(async m => {
    m.running = await api(`operations/${encodeURIComponent(m.operation_id)}`).then(o => o.operation, () => null);
  }));
  return { source: source ?? { id: instance.replica_of.id, name: instance.replica_of.name ?? instance.replica_of.id, status: "UNKNOWN" }, replicas };
}

function node(member, role, currentId) {
  const replication = member.replication;
  return h("div", { class: `node${member.id === currentId ? " current" : ""}`, "data-member": member.id, "data-role": role },
    h("div", { class: "role" }, role),
    h("div", {}, member.id === currentId
      ? h("strong", {}, member.name)
      : h("a", { href: `#/instances/${encodeURIComponent(member.id)}` }, member.name)),
    h("div", {}, statusBadge(member.status)),
    member.running ? h("div", { class: "step" }, `${member.running.kind}: ${member.running.current_step ?? "starting"} `,
      progressBar(member.running.progress, `Progress of ${member.name}`)) : null,
    role === "replica" && member.status === "BUILD"
      ? h("div", { class: "health" }, "replication starts when the replica is built")
      : role === "replica"
      ? h("div", { class: "health" },
        replication ? statusBadge(replication.state) : "health unknown",
        replication?.seconds_behind !== null && replication?.seconds_behind !== undefined ? ` lag ${replication.seconds_behind} s` : " lag —",
        replication?.last_error ? h("div", { class: "error" }, replication.last_error) : null)
      : h("div", { class: "health" }, member.replicas?.length ? `${member.replicas.length} replica(s)` : "no replicas"));
}

function renderTopology(set, currentId) {
  if (set.replicas.length === 0) {
    return h("p", {}, "Standalone: this instance has no replicas. Create one to have a replica set.");
  }

  return h("div", { class: "topology", role: "group", "aria-label": "Replica set topology" },
    node(set.source, "source", currentId),
    h("span", { class: "arrow", "aria-hidden": "true" }, "→"),
    h("ul", { "aria-label": `Replicas of ${set.source.name}` }, set.replicas.map(r => h("li", {}, node(r, "replica", currentId)))));
}

function renderChains(backups) {
  if (backups.length === 0) {
    return h("p", {}, "No backups yet.");
  }

  const byChain = new Map();
  for (const backup of backups) {
    const chain = backup.chain_id ?? backup.id;
    if (!byChain.has(chain)) {
      byChain.set(chain, []);
    }

    byChain.get(chain).push(backup);
  }

  const chains = [...byChain.entries()].map(([chainId, members]) => {
    members.sort((a, b) => (a.kind === "full" ? -1 : 0) - (b.kind === "full" ? -1 : 0) || parseTime(a.created) - parseTime(b.created));
    const completed = members.filter(m => m.status === "COMPLETED" && m.covered_from && m.covered_to);
    const from = Math.min(...completed.map(m => parseTime(m.covered_from)));
    const to = Math.max(...completed.map(m => parseTime(m.covered_to)));
    return { chainId, members, from, to, start: Math.min(...members.map(m => parseTime(m.created))) };
  }).sort((a, b) => a.start - b.start);

  // One time axis for every chain: each chain's restorable window as a bar along it.
  const windows = chains.filter(c => Number.isFinite(c.from) && Number.isFinite(c.to));
  const axisFrom = Math.min(...windows.map(c => c.from));
  const axisTo = Math.max(...windows.map(c => c.to));
  return chains.map(chain => {
    const full = chain.members.find(m => m.kind === "full") ?? chain.members[0];
    const hasWindow = Number.isFinite(chain.from) && Number.isFinite(chain.to);
    const bar = h("div", { class: "timeline", "aria-hidden": "true" });
    if (hasWindow && axisTo > axisFrom) {
      const span = h("span");
      span.style.left = `${((chain.from - axisFrom) / (axisTo - axisFrom)) * 100}%`;
      span.style.width = `${Math.max(1, ((chain.to - chain.from) / (axisTo - axisFrom)) * 100)}%`;
      bar.append(span);
    }

    return h("section", { class: "chain", "data-chain": chain.chainId, "aria-label": `Backup chain from ${full.name}` },
      h("p", { class: "window" },
        h("strong", {}, `Chain from ${full.name}`), " · ",
        hasWindow
          ? `point-in-time window ${formatTime(new Date(chain.from).toISOString())} → ${formatTime(new Date(chain.to).toISOString())}`
          : "no restorable point yet"),
      bar,
      h("ol", { "aria-label": `Backups of the chain from ${full.name}, oldest first` }, chain.members.map(b =>
        h("li", {}, h("div", { class: `backup ${b.kind ?? ""}`, "data-backup": b.id },
          h("div", { class: "kind" }, b.kind ?? "backup"),
          h("div", {}, h("strong", {}, b.name)),
          h("div", {}, statusBadge(b.status), " ", formatSize(b.size)),
          b.status !== "COMPLETED" && b.status !== "FAILED" ? progressBar(b.progress, `Progress of backup ${b.name}`) : null,
          h("div", { class: "muted" }, formatTime(b.created)))))));
  });
}

function renderSchedules(schedules) {
  if (schedules.length === 0) {
    return h("p", {}, "No backup schedules.");
  }

  return h("table", { "aria-label": "Backup schedules" },
    h("thead", {}, h("tr", {}, ["Name", "Pattern (UTC)", "Kind", "Keep", "Next run"].map(c => h("th", { scope: "col" }, c)))),
    h("tbody", {}, schedules.map(s => h("tr", {},
      h("th", { scope: "row" }, s.name),
      h("td", {}, h("code", {}, s.pattern)),
      h("td", {}, s.incremental ? "incremental" : "full"),
      h("td", {}, [s.keep_count ? `${s.keep_count} backups` : null, s.keep_days ? `${s.keep_days} days` : null].filter(Boolean).join(", ") || "all"),
      h("td", {}, formatTime(s.next_run))))));
}

function renderOperations(operations) {
  if (operations.length === 0) {
    return h("p", {}, "No operations.");
  }

  return h("table", { "aria-label": "Operations" },
    h("thead", {}, h("tr", {}, ["Operation", "Status", "Step", "Progress", "Started", "Updated", "Error"].map(c => h("th", { scope: "col" }, c)))),
    h("tbody", {}, operations.map(o => h("tr", { "data-operation": o.id },
      h("th", { scope: "row" }, o.kind),
      h("td", {}, statusBadge(o.status)),
      h("td", {}, o.current_step ?? "—"),
      h("td", {}, progressBar(o.progress, `Progress of ${o.kind} operation started ${formatTime(o.created)}`)),
      h("td", {}, formatTime(o.created)),
      h("td", {}, formatTime(o.updated)),
      h("td", { class: o.error ? "error" : "" }, o.error ?? "")))));
}

document.getElementById("sign-in-form").addEventListener("submit", event => {
  event.preventDefault();
  const project = document.getElementById("project").value.trim();
  const token = document.getElementById("token").value;
  document.getElementById("token").value = "";
  document.getElementById("sign-in-error").textContent = "";
  session.signIn(project, token);
  show().then(() => document.getElementById("main").focus());
});

document.getElementById("sign-out").addEventListener("click", () => {
  session.signOut();
  location.hash = "#/instances";
  show();
});

window.addEventListener("hashchange", () => show().then(() => page.querySelector("h2")?.focus()));
show();
