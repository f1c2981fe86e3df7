// The console's only way to the API: the project and token live in this tab's session storage, travel in the
// X-Auth-Token header, and never appear in an address or a log.
const projectKey = "dbaas-console.project";
const tokenKey = "dbaas-console.token";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const session = {
  get project() { return sessionStorage.getItem(projectKey); },
  get signedIn() { return sessionStorage.getItem(projectKey) !== null && sessionStorage.getItem(tokenKey) !== null; },
  signIn(project, token) {
    sessionStorage.setItem(projectKey, project);
    sessionStorage.setItem(tokenKey, token);
  },
  signOut() {
    sessionStorage.removeItem(projectKey);
    sessionStorage.removeItem(tokenKey);
  },
};

// Calls /v1.0/{project}/{path}; answers the parsed body (null for none) or throws ApiError with Trove's message.
export async function api(path, { method = "GET", body } = {}) {
  const headers = { "Accept": "application/json", "X-Auth-Token": sessionStorage.getItem(tokenKey) ?? "" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }

  const response = await fetch(`../v1.0/${encodeURIComponent(session.project ?? "")}/${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
    credentials: "omit",
  });
  const text = await response.text();
  let parsed = null;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }

  if (!response.ok) {
    // Trove's error shape: {"<fault>": {"code": 404, "message": "…"}}.
    const fault = parsed && typeof parsed === "object" ? Object.values(parsed)[0] : null;
    throw new ApiError(response.status, fault?.message ?? `The API answered ${response.status} ${response.statusText}.`);
  }

  return parsed;
}
