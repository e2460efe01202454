// One line on any clinic page adds the chat:
//   <script src="https://CLINIC-HOST/static/widget.js" defer></script>
// A floating button opens the chat: a panel with the clinic's name, one close control, and the
// bot's page in its compact layout in a frame. The bot must allow the page's origin to frame it
// (FRAME_ANCESTORS); where it does not, the panel says so and links to the chat in a new tab
// instead of showing the browser's broken-frame icon.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.getElementById("clinic-chat-widget")) return;
  var origin = new URL(script.src, window.location.href).origin;
  var chatUrl = origin + "/?embed=1";
  var READY_WITHIN_MS = 5000;

  function css(node, styles) {
    Object.keys(styles).forEach(function (key) { node.style[key] = styles[key]; });
    return node;
  }

  function make(tag, styles, text) {
    var node = css(document.createElement(tag), styles || {});
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var root = make("div", { position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000", fontFamily: "system-ui, sans-serif" });
  root.id = "clinic-chat-widget";

  var panel = make("div", {
    display: "none", flexDirection: "column", position: "fixed", right: "16px", bottom: "16px", width: "min(380px, calc(100vw - 32px))",
    height: "min(640px, calc(100vh - 32px))", background: "#fff", borderRadius: "14px", overflow: "hidden",
    boxShadow: "0 12px 32px rgba(0,0,0,.25)", border: "1px solid #cfd9e0"
  });
  panel.id = "clinic-chat-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "clinic-chat-title");

  var header = make("div", {
    display: "flex", alignItems: "center", justifyContent: "space-between", gap: "8px", flex: "0 0 auto",
    padding: "6px 6px 6px 14px", background: "#0b5f73", color: "#fff"
  });
  var title = make("h2", { margin: "0", fontSize: "16px", fontWeight: "700", lineHeight: "1.3", overflowWrap: "anywhere" }, "Questions and answers");
  title.id = "clinic-chat-title";
  var close = make("button", {
    flex: "0 0 auto", width: "44px", height: "44px", borderRadius: "50%", border: "2px solid #fff", background: "transparent",
    color: "#fff", fontSize: "22px", lineHeight: "1", cursor: "pointer"
  }, "\u00d7");
  close.type = "button";
  close.id = "clinic-chat-close";
  close.setAttribute("aria-label", "Close the chat");
  header.appendChild(title);
  header.appendChild(close);

  var frame = make("iframe", { flex: "1 1 auto", width: "100%", border: "0" });
  frame.title = "Chat with the clinic";

  // Shown instead of the frame when the bot's page does not load inside this page.
  var blocked = make("div", { display: "none", padding: "16px", color: "#1b2733", fontSize: "16px", lineHeight: "1.5" });
  blocked.id = "clinic-chat-blocked";
  blocked.appendChild(make("p", { margin: "0 0 12px" }, "The chat cannot open inside this page."));
  var newTab = make("a", {
    display: "inline-block", padding: "10px 16px", borderRadius: "999px", background: "#0b5f73", color: "#fff",
    fontWeight: "600", textDecoration: "none"
  }, "Open the chat in a new tab");
  newTab.href = origin + "/";
  newTab.target = "_blank";
  newTab.rel = "noopener";
  blocked.appendChild(newTab);

  var button = make("button", {
    background: "#0b5f73", color: "#fff", border: "0", borderRadius: "999px", padding: "14px 20px", fontSize: "16px",
    fontWeight: "600", cursor: "pointer", boxShadow: "0 6px 18px rgba(0,0,0,.25)", minHeight: "48px"
  }, "Questions? Ask us");
  button.type = "button";
  button.id = "clinic-chat-button";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", panel.id);

  var ready = false;
  var waiting = null;

  function showBlocked(isBlocked) {
    blocked.style.display = isBlocked ? "block" : "none";
    frame.style.display = isBlocked ? "none" : "block";
  }

  function setOpen(open) {
    if (open && !frame.src) {
      frame.src = chatUrl;
      waiting = window.setTimeout(function () { if (!ready) showBlocked(true); }, READY_WITHIN_MS);
    }
    panel.style.display = open ? "flex" : "none";
    button.style.display = open ? "none" : "inline-block";  // the panel's × is the one close control
    button.setAttribute("aria-expanded", String(open));
    if (open) (ready ? frame : close).focus(); else button.focus();
  }

  button.addEventListener("click", function () { setOpen(true); });
  close.addEventListener("click", function () { setOpen(false); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel.style.display !== "none") setOpen(false);
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow || !event.data) return;
    if (event.data.type === "clinic-chat:ready") {
      ready = true;
      window.clearTimeout(waiting);
      showBlocked(false);
      if (typeof event.data.name === "string" && event.data.name) title.textContent = event.data.name;
    } else if (event.data.type === "clinic-chat:close") {
      setOpen(false);
    }
  });

  panel.appendChild(header);
  panel.appendChild(frame);
  panel.appendChild(blocked);
  root.appendChild(panel);
  root.appendChild(button);
  document.body.appendChild(root);
})();
