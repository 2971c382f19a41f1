// Every request goes to this same server, relative to the page, so the dashboard also works behind a
// path prefix. Errors carry the server's own "detail" message.

export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${detail}`);
    this.status = status;
  }
}

export async function getJson(path, params = new URLSearchParams()) {
  const query = params.toString();
  const response = await fetch(`api/${path}${query ? `?${query}` : ""}`, {
    headers: { Accept: "application/json" },
  });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch {
      // A body that is not JSON keeps the status text.
    }
    throw new ApiError(response.status, detail);
  }
  return response.json();
}

export function withParams(base, extra) {
  const params = new URLSearchParams(base);
  for (const [name, value] of Object.entries(extra)) params.set(name, String(value));
  return params;
}
