// One line on any clinic page adds the chat:
//   <script src="https://CLINIC-HOST/static/widget.js" defer></script>
// A floating button opens the chat (an iframe of the bot's page, compact layout).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.getElementById("clinic-chat-widget")) return;
  var origin = new URL(script.src, window.location.href).origin;

  function css(node, styles) {
    Object.keys(styles).forEach(function (key) { node.style[key] = styles[key]; });
    return node;
  }

  var root = css(document.createElement("div"), { position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000", fontFamily: "system-ui, sans-serif" });
  root.id = "clinic-chat-widget";

  var panel = css(document.createElement("div"), {
    display: "none", position: "fixed", right: "16px", bottom: "84px", width: "min(380px, calc(100vw - 32px))",
    height: "min(600px, calc(100vh - 110px))", background: "#fff", borderRadius: "14px", overflow: "hidden",
    boxShadow: "0 12px 32px rgba(0,0,0,.25)", border: "1px solid #cfd9e0"
  });
  panel.id = "clinic-chat-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "Chat with the clinic");

  var close = css(document.createElement("button"), {
    position: "absolute", top: "6px", right: "8px", width: "36px", height: "36px", borderRadius: "50%",
    border: "1px solid #cfd9e0", background: "#fff", color: "#1b2733", fontSize: "20px", lineHeight: "1", cursor: "pointer"
  });
  close.type = "button";
  close.textContent = "\u00d7";
  close.setAttribute("aria-label", "Close the chat");

  var frame = css(document.createElement("iframe"), { width: "100%", height: "100%", border: "0" });
  frame.title = "Chat with the clinic";

  var button = css(document.createElement("button"), {
    background: "#0b5f73", color: "#fff", border: "0", borderRadius: "999px", padding: "14px 20px", fontSize: "16px",
    fontWeight: "600", cursor: "pointer", boxShadow: "0 6px 18px rgba(0,0,0,.25)", minHeight: "48px"
  });
  button.type = "button";
  button.id = "clinic-chat-button";
  button.textContent = "Questions? Ask us";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", panel.id);

  function setOpen(open) {
    if (open && !frame.src) frame.src = origin + "/?embed=1";
    panel.style.display = open ? "block" : "none";
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Close chat" : "Questions? Ask us";
    if (open) frame.focus(); else button.focus();
  }

  button.addEventListener("click", function () { setOpen(panel.style.display === "none"); });
  close.addEventListener("click", function () { setOpen(false); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel.style.display !== "none") setOpen(false);
  });
  window.addEventListener("message", function (event) {
    if (event.origin === origin && event.source === frame.contentWindow && event.data && event.data.type === "clinic-chat:close") setOpen(false);
  });

  panel.appendChild(frame);
  panel.appendChild(close);
  root.appendChild(panel);
  root.appendChild(button);
  document.body.appendChild(root);
})();
