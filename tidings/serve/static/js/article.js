// The article view: the text cut at every highlight and sentence boundary, each piece inserted as
// text. A piece covered by spans becomes a <mark> carrying every covering kind and event and its
// character offsets, so overlapping highlights (a trigger inside a quote) both show.

const KINDS = ["trigger", "source", "target", "quote", "speaker", "quantity", "date", "place"];

function boundaries(length, spans, sentences) {
  const points = new Set([0, length]);
  for (const item of [...spans, ...sentences]) {
    const start = item.start ?? item.span_start;
    const end = item.end ?? item.span_end;
    if (Number.isInteger(start) && Number.isInteger(end) && start < end) {
      points.add(Math.max(0, Math.min(length, start)));
      points.add(Math.max(0, Math.min(length, end)));
    }
  }
  return [...points].sort((a, b) => a - b);
}

function markFor(text, start, end, covering) {
  const mark = document.createElement("mark");
  mark.dataset.start = String(start);
  mark.dataset.end = String(end);
  const kinds = [...new Set(covering.map((span) => span.kind))];
  mark.className = ["hl", ...kinds.map((kind) => `hl-${kind}`)].join(" ");
  mark.dataset.kinds = kinds.join(" ");
  const events = [...new Set(covering.map((span) => span.event_id).filter(Boolean))];
  if (events.length) mark.dataset.events = events.join(" ");
  const labels = [...new Set(covering.map((span) => `${span.kind}: ${span.label || ""}`.trim()))];
  mark.title = labels.join("\n");
  mark.textContent = text;
  return mark;
}

export function renderText(container, text, spans, sentences) {
  container.replaceChildren();
  // The server counts characters (code points); JavaScript strings count UTF-16 units.
  const chars = Array.from(text);
  const usable = spans.filter((span) => span.start < span.end);
  const points = boundaries(chars.length, usable, sentences);
  let parent = container;
  let sentenceIdx = null;
  for (let i = 0; i < points.length - 1; i += 1) {
    const [start, end] = [points[i], points[i + 1]];
    const sentence = sentences.find((s) => s.span_start <= start && start < s.span_end);
    const idx = sentence ? sentence.idx : null;
    if (idx !== sentenceIdx) {
      sentenceIdx = idx;
      if (sentence) {
        parent = document.createElement("span");
        parent.className = "sentence";
        parent.dataset.idx = String(idx);
        container.append(parent);
      } else {
        parent = container;
      }
    }
    const piece = chars.slice(start, end).join("");
    const covering = usable.filter((span) => span.start <= start && end <= span.end);
    parent.append(covering.length ? markFor(piece, start, end, covering) : document.createTextNode(piece));
  }
}

function eventLine(event) {
  const who = (code, words) => code || words || "?";
  return `${who(event.source_code, event.source_text)} — ${event.trigger_text || event.cameo_label || ""}` +
    ` — ${who(event.target_code, event.target_text)}`;
}

function eventDetail(event) {
  return [event.cameo && `CAMEO ${event.cameo} ${event.cameo_label || ""}`.trim(), event.plover,
    event.modality, event.date_start, event.place_name].filter(Boolean).join(" · ");
}

function scrollToShow(panel, element) {
  // Scroll the article, not the page: the table the event was picked from stays where it was.
  const offset = element.getBoundingClientRect().top - panel.getBoundingClientRect().top;
  panel.scrollTop += offset - panel.clientHeight / 3;
  panel.scrollIntoView({ block: "nearest" });
}

export function selectEvent(panel, event) {
  for (const old of panel.querySelectorAll(".selected, .focus")) old.classList.remove("selected", "focus");
  if (!event) return;
  for (const mark of panel.querySelectorAll("mark[data-events]")) {
    if (mark.dataset.events.split(" ").includes(event.id)) mark.classList.add("selected");
  }
  const item = panel.querySelector(`li[data-event="${CSS.escape(event.id)}"]`);
  if (item) item.classList.add("selected");
  const sentences = [...panel.querySelectorAll(".article-text .sentence")];
  const sentence = sentences.find((s) => s.dataset.idx === String(event.sentence)) ||
    panel.querySelector(".article-text mark.selected");
  if (sentence) {
    sentence.classList.add("focus");
    scrollToShow(panel, sentence);
  }
}

export function drawArticle(panel, data, { onSelect }) {
  const { article } = data;
  panel.hidden = false;
  panel.dataset.article = article.id;
  panel.querySelector(".article-title").textContent = article.title || "(untitled)";
  panel.querySelector(".article-meta").textContent = [article.outlet, article.published,
    article.dateline, article.url].filter(Boolean).join(" · ");

  const keys = panel.querySelector("#article-keys");
  keys.replaceChildren(...KINDS.map((kind) => {
    const key = document.createElement("mark");
    key.className = `hl hl-${kind}`;
    key.textContent = kind;
    return key;
  }));

  renderText(panel.querySelector(".article-text"), article.text || "", data.spans || [],
    data.sentences || []);

  const list = panel.querySelector(".article-events");
  list.replaceChildren();
  for (const event of data.events || []) {
    const item = document.createElement("li");
    item.dataset.event = event.id;
    const line = document.createElement("strong");
    line.textContent = eventLine(event);
    const detail = document.createElement("span");
    detail.className = "detail";
    detail.textContent = eventDetail(event);
    item.append(line, document.createElement("br"), detail);
    item.addEventListener("click", () => onSelect(event));
    list.append(item);
  }
}
