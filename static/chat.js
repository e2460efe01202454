// The chat page with JavaScript: replies come from /api/ask without a reload.
// Every piece of text is set with textContent, never as HTML.
// The visit's conversation and urgent help are kept in the tab's sessionStorage: they survive a
// reload and a visit to /learn, and "Start over" clears the conversation.
(function () {
  "use strict";

  var CONVERSATION_KEY = "clinic-chat:conversation";
  var URGENT_KEY = "clinic-chat:urgent";
  var MAX_KEPT = 30;
  var banner = document.getElementById("urgent-banner");

  function load(key, fallback) {
    try {
      var value = JSON.parse(window.sessionStorage.getItem(key));
      return value === null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }

  function keep(key, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* storage full or turned off: the page still works, it just forgets */ }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showUrgentBanner(urgent) {
    // The banner in the language of the reply that needed it, on every page for the rest of the visit.
    if (!banner) return;
    if (urgent && urgent.links) {
      banner.querySelector(".urgent-banner__title strong").textContent = urgent.title || "Please get help now";
      banner.querySelector(".urgent-banner__text").textContent = urgent.text || "";
      banner.querySelector(".urgent-banner__more summary").textContent = urgent.language === "es" ? "M\u00e1s" : "More";
      var list = banner.querySelector(".urgent-banner__links");
      list.textContent = "";
      urgent.links.forEach(function (link) {
        var item = el("li");
        var a = el("a", "urgent-link", link.label);
        a.href = link.href;
        item.appendChild(a);
        list.appendChild(item);
      });
      if (urgent.language && urgent.language !== "en") banner.lang = urgent.language; else banner.removeAttribute("lang");
    }
    banner.hidden = false;
  }

  var keptUrgent = load(URGENT_KEY, null);
  if (keptUrgent) showUrgentBanner(keptUrgent);

  var form = document.getElementById("ask-form");
  if (!form || !window.fetch) return;
  var input = document.getElementById("question");
  var conversation = document.getElementById("conversation");
  var starters = document.getElementById("starters");
  var startOver = document.getElementById("start-over");
  var askUrl = form.dataset.askUrl;
  var feedbackUrl = form.dataset.feedbackUrl;
  var embed = form.dataset.embed === "1";
  var busy = false;

  function scrollIntoView(first, last) {
    // Show the new reply whole, buttons included, between the urgent banner (sticky at the top)
    // and the question box (sticky at the bottom); a reply taller than that shows from its start.
    last = last || first;
    var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var top = first.getBoundingClientRect().top;
    var bottom = last.getBoundingClientRect().bottom;
    var lowest = form.getBoundingClientRect().top - 8;
    var highest = (banner && !banner.hidden ? banner.getBoundingClientRect().bottom : 0) + 8;
    var by = bottom > lowest ? bottom - lowest : (top < highest ? top - highest : 0);
    if (top - by < highest) by = top - highest;
    if (by) window.scrollBy({ top: by, behavior: smooth ? "smooth" : "auto" });
  }

  function withoutLinkedLines(reply) {
    // The contact lines the links stand for are shown as links instead (as the server does).
    var text = reply.answer;
    (reply.contact_links || []).forEach(function (link) {
      var line = link.line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      text = text.replace(new RegExp("[ \\t]*\\n?[ \\t]*" + line, "g"), "");
    });
    return text;
  }

  function contactLinks(links) {
    var list = el("ul", "contact-links");
    list.setAttribute("aria-label", "Contact the clinic");
    links.forEach(function (link) {
      var item = el("li");
      var a = el("a", "contact-link", link.label);
      a.href = link.href;
      if (/^https?:/.test(link.href)) {
        a.target = "_blank";
        a.rel = "noopener";
      }
      item.appendChild(a);
      list.appendChild(item);
    });
    return list;
  }

  function answerText(reply) {
    var p = el("p", "msg__text");
    var hl = reply.highlight;
    var at = hl ? reply.answer.indexOf(hl) : -1;
    if (at < 0) {
      p.textContent = withoutLinkedLines(reply);
      return p;
    }
    p.appendChild(document.createTextNode(reply.answer.slice(0, at)));
    p.appendChild(el("mark", "", hl));
    p.appendChild(document.createTextNode(reply.answer.slice(at + hl.length)));
    return p;
  }

  function urgentLinks(links) {
    var list = el("ul", "urgent-links");
    links.forEach(function (link) {
      var item = el("li");
      var a = el("a", "urgent-link", link.label);
      a.href = link.href;
      item.appendChild(a);
      list.appendChild(item);
    });
    return list;
  }

  function feedbackBlock(question, sourceId, index) {
    var box = el("div", "feedback");
    box.dataset.question = question;
    box.dataset.sourceId = sourceId;
    box.dataset.index = String(index);
    box.appendChild(el("span", "feedback__label", "Was this helpful?"));
    [["Yes", "true"], ["No", "false"]].forEach(function (pair) {
      var b = el("button", "button button--small", pair[0]);
      b.type = "button";
      b.dataset.helpful = pair[1];
      box.appendChild(b);
    });
    return box;
  }

  function questionButtons(className, label, questions) {
    var box = el("div", className);
    box.appendChild(el("p", "suggestions__label", label));
    questions.forEach(function (text) {
      var b = el("button", "button button--suggestion", text);
      b.type = "button";
      b.dataset.ask = text;
      box.appendChild(b);
    });
    return box;
  }

  function thanks(text) {
    var p = el("p", "feedback__thanks", text);
    p.setAttribute("role", "status");
    return p;
  }

  function replyItem(reply, question, index, rated, noFeedback) {
    var item = el("li", "msg msg--bot msg--" + reply.status);
    if (reply.language === "es") item.lang = "es";
    var body = el("div");
    if (reply.status === "crisis") {
      body.setAttribute("role", "alert");
      body.appendChild(el("p", "msg__title", (reply.urgent_help && reply.urgent_help.title) || "Please get help now"));
    }
    body.appendChild(answerText(reply));
    item.appendChild(body);
    if (reply.contact_links && reply.contact_links.length) item.appendChild(contactLinks(reply.contact_links));
    if (reply.urgent_help) item.appendChild(urgentLinks(reply.urgent_help.links || []));
    if (reply.status === "answered" && reply.sources && reply.sources.length) {
      if (reply.sources[0].url) {  // an entry with no source section has no page to link to
        var source = el("p", "msg__source", "From: ");
        var a = el("a", "", reply.sources[0].title);
        a.href = reply.sources[0].url;
        if (embed) { a.target = "_blank"; a.rel = "noopener"; }
        source.appendChild(a);
        item.appendChild(source);
      }
      if (!noFeedback) item.appendChild(typeof rated === "boolean" ? thanks("Thank you for your feedback.") : feedbackBlock(question, reply.sources[0].id, index));
    }
    // Under urgent help (a weak crisis reading the bot could not otherwise place), the questions it came near,
    // for a visitor who was asking about the treatment.
    if (reply.suggestions && reply.suggestions.length) {
      var label = reply.status === "crisis" ? "If you were asking about the treatment:" : "Did you mean:";
      item.appendChild(questionButtons("suggestions", label, reply.suggestions));
    }
    if (reply.related && reply.related.length) item.appendChild(questionButtons("related", "Related questions:", reply.related));
    return item;
  }

  function replyItems(reply, question, index, rated) {
    // A message that asks two things gets a bubble for each answer, each with its source. The answers
    // that follow urgent help ask for no feedback: a crisis message is never kept as feedback.
    return (reply.parts && reply.parts.length > 1 ? reply.parts : [reply]).map(function (part) {
      return replyItem(part, question, index, rated, reply.status === "crisis");
    });
  }

  function visitorItem(question) {
    var item = el("li", "msg msg--visitor");
    item.appendChild(el("p", "msg__text", question));
    return item;
  }

  function conversationStarted() {
    if (starters) starters.open = false;  // still one tap away
    if (startOver) startOver.hidden = false;
  }

  function remember(question, reply) {
    var kept = load(CONVERSATION_KEY, []);
    kept.push({ question: question, reply: reply, rated: null });
    keep(CONVERSATION_KEY, kept.slice(-MAX_KEPT));
    return Math.min(kept.length, MAX_KEPT) - 1;
  }

  function restore() {
    // The visit's conversation after a reload or a visit to /learn, shown without being read out again.
    var kept = load(CONVERSATION_KEY, []);
    if (!Array.isArray(kept) || !kept.length || conversation.querySelector(".msg--visitor")) return;
    conversation.setAttribute("aria-live", "off");
    kept.forEach(function (exchange, index) {
      if (!exchange || typeof exchange.question !== "string" || !exchange.reply) return;
      conversation.appendChild(visitorItem(exchange.question));
      replyItems(exchange.reply, exchange.question, index, exchange.rated).forEach(function (item) { conversation.appendChild(item); });
    });
    conversationStarted();
    var last = conversation.querySelectorAll(".msg--visitor");
    if (last.length) last[last.length - 1].scrollIntoView({ block: "start" });
    window.setTimeout(function () { conversation.setAttribute("aria-live", "polite"); }, 0);
  }

  function ask(question) {
    question = question.trim();
    if (!question || busy) return;
    busy = true;
    conversationStarted();
    conversation.appendChild(visitorItem(question));
    var typing = el("li", "msg msg--bot msg--typing");
    typing.setAttribute("aria-label", "The assistant is typing");
    var dots = el("span", "typing-dots");
    dots.setAttribute("aria-hidden", "true");
    dots.append(el("span"), el("span"), el("span"));
    typing.appendChild(dots);
    conversation.appendChild(typing);
    scrollIntoView(typing);
    input.value = "";
    fetch(askUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ question: question })
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.message || "The question could not be answered.");
          return body;
        });
      })
      .then(function (reply) {
        var index = remember(question, reply);
        var items = replyItems(reply, question, index, null);
        typing.replaceWith.apply(typing, items);
        if (reply.status === "crisis") {
          var urgent = Object.assign({ language: reply.language }, reply.urgent_help || {});
          keep(URGENT_KEY, urgent);
          showUrgentBanner(urgent);
        }
        scrollIntoView(items[0], items[items.length - 1]);
      })
      .catch(function (error) {
        var item = el("li", "msg msg--bot msg--fallback");
        item.appendChild(el("p", "msg__text", error.message && error.message.length < 200 && !/fetch|network/i.test(error.message)
          ? error.message
          : "Sorry, something went wrong. Please try again, or contact the clinic."));
        typing.replaceWith(item);
      })
      .finally(function () {
        busy = false;
        input.focus();
      });
  }

  function sendFeedback(button) {
    var box = button.closest(".feedback");
    var body = { question: box.dataset.question, source_id: box.dataset.sourceId, helpful: button.dataset.helpful === "true" };
    box.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    fetch(feedbackUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        box.replaceWith(thanks(response.ok ? "Thank you for your feedback." : "Sorry, your feedback could not be saved."));
        var kept = load(CONVERSATION_KEY, []);
        var index = Number(box.dataset.index);
        if (response.ok && kept[index] && kept[index].question === body.question) {
          kept[index].rated = body.helpful;
          keep(CONVERSATION_KEY, kept);
        }
      })
      .catch(function () {
        box.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    ask(input.value);
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target) return;
    if (target.dataset.helpful) {
      event.preventDefault();
      sendFeedback(target);
    } else if (target.dataset.ask || (target.name === "question" && target.closest("form") !== form)) {
      event.preventDefault();
      ask(target.dataset.ask || target.value);
    }
  });

  // Inside the widget's frame: tell the host page the chat has loaded (and the clinic's name for
  // its header); Escape asks it to close the chat.
  if (embed && window.parent !== window) {
    window.parent.postMessage({ type: "clinic-chat:ready", name: form.dataset.clinicName || "" }, "*");
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") window.parent.postMessage({ type: "clinic-chat:close" }, "*");
    });
  }

  if (startOver) {
    startOver.addEventListener("submit", function () {
      keep(CONVERSATION_KEY, null);  // the server clears its side and shows the page anew
    });
  }

  restore();
})();
