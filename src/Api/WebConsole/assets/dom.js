// Builds elements from data with textContent only, so nothing the API returns is ever parsed as HTML.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }

    if (name === "class") {
      element.className = value;
    } else if (name.startsWith("on")) {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }

  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }

    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  return element;
}

// Replaces a region's content, keeping focus on the element with the same data-key if it had it.
export function replace(region, ...children) {
  const focusedKey = region.contains(document.activeElement) ? document.activeElement?.dataset?.key : undefined;
  region.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  if (focusedKey !== undefined) {
    region.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
  }
}

export function statusBadge(status) {
  return h("span", { class: `status ${status}` }, status);
}

export function progressBar(percent, label) {
  const value = Math.max(0, Math.min(100, Number(percent) || 0));
  return h("span", { class: "progress" },
    h("progress", { max: 100, value, "aria-label": label }, `${value}%`),
    ` ${value}%`);
}

export function formatTime(text) {
  if (!text) {
    return "—";
  }

  const date = new Date(text.endsWith("Z") || /[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC");
}

export function parseTime(text) {
  if (!text) {
    return NaN;
  }

  return new Date(text.endsWith("Z") || /[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`).getTime();
}

// Backup sizes are in GB on the wire (Trove); small ones read better in MB or KB.
export function formatSize(gigabytes) {
  if (gigabytes === null || gigabytes === undefined) {
    return "—";
  }

  const bytes = gigabytes * 1024 * 1024 * 1024;
  if (bytes >= 1024 * 1024 * 1024) {
    return `${gigabytes.toFixed(2)} GB`;
  }

  if (bytes >= 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  }

  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
