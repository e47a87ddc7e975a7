// The chat page: a thin layer over the browser client and the demo's chat grain (chat.join, chat.send,
// chat.leave; the room pushes chat.message and chat.members to its members), and a long call with a
// progress bar and a Cancel button (work.progress).
import { connect, progress, RpcError } from "/orleansrpc.js";

const $ = id => document.getElementById(id);
const rpc = connect("/ws");
let joined = null; // { room, nick } once in a room
let lastShown = ""; // the time of the newest message shown, so a rejoin adds only what was missed

rpc.addEventListener("open", () => {
  setState("open");
  // A dropped socket was a connection of its own: the new one joins the room again under the same name.
  if (joined) {
    join(joined.room, joined.nick, true);
  }
});
rpc.addEventListener("reconnecting", () => setState("reconnecting"));

rpc.on("chat.message", message => {
  if (joined?.room === message.room) {
    showMessage(message);
  }
});

rpc.on("chat.members", ({ room, members }) => {
  if (joined?.room === room) {
    showMembers(members);
  }
});

$("join-form").addEventListener("submit", event => {
  event.preventDefault();
  join($("room").value.trim(), $("nick").value.trim(), false);
});

$("send-form").addEventListener("submit", async event => {
  event.preventDefault();
  const text = $("text").value;
  try {
    await rpc.call("chat.send", { room: joined.room, text });
    $("text").value = "";
    showError(null);
  } catch (error) {
    showError(error);
  }
});

$("leave").addEventListener("click", async () => {
  const { room } = joined;
  joined = null;
  $("room-view").hidden = true;
  $("join-form").hidden = false;
  try {
    await rpc.call("chat.leave", { room });
  } catch (error) {
    showError(error);
  }
});

let work = null; // the AbortController of the long call in progress

$("work-form").addEventListener("submit", async event => {
  event.preventDefault();
  const steps = Number($("work-steps").value);
  const bar = $("work-bar");
  bar.max = steps;
  bar.value = 0;
  work = new AbortController();
  $("work-start").disabled = true;
  $("work-cancel").disabled = false;
  $("work-status").textContent = "running";
  try {
    const done = await rpc.call("work.progress", { steps, progress }, {
      signal: work.signal,
      transport: "websocket",
      onProgress: step => { bar.value = step; },
    });
    $("work-status").textContent = `done: ${done} of ${steps}`;
  } catch (error) {
    $("work-status").textContent = error.name === "AbortError"
      ? `cancelled at ${bar.value} of ${steps}`
      : `failed: ${error.message}`;
  } finally {
    work = null;
    $("work-start").disabled = false;
    $("work-cancel").disabled = true;
  }
});

$("work-cancel").addEventListener("click", () => work?.abort());

async function join(room, nick, again) {
  try {
    const view = await rpc.call("chat.join", { room, nick });
    joined = { room, nick };
    if (!again) {
      $("messages").replaceChildren();
      lastShown = "";
    }
    for (const message of view.recent) {
      if (message.at > lastShown) {
        showMessage(message);
      }
    }
    showMembers(view.members);
    $("room-name").textContent = `#${room}`;
    $("join-form").hidden = true;
    $("room-view").hidden = false;
    $("text").focus();
    showError(null);
  } catch (error) {
    showError(error);
  }
}

function showMessage({ nick, text, at }) {
  const item = document.createElement("li");
  item.classList.toggle("mine", nick === joined?.nick);
  const time = document.createElement("time");
  time.dateTime = at;
  time.textContent = new Date(at).toLocaleTimeString();
  const who = document.createElement("span");
  who.className = "nick";
  who.textContent = nick;
  const body = document.createElement("span");
  body.className = "text";
  body.textContent = text;
  item.append(time, who, body);
  $("messages").append(item);
  item.scrollIntoView({ block: "end" });
  if (at > lastShown) {
    lastShown = at;
  }
}

function showMembers(members) {
  $("members").replaceChildren(...members.map(name => {
    const item = document.createElement("li");
    item.textContent = name;
    return item;
  }));
}

function showError(error) {
  const line = $("error");
  line.hidden = error === null;
  if (error instanceof RpcError) {
    const reason = error.data?.reason ? `: ${error.data.reason}` : "";
    line.textContent = `${error.message} (${error.code})${reason}`;
  } else if (error) {
    line.textContent = error.message;
  }
}

function setState(state) {
  $("state").dataset.state = state;
  $("state").textContent = state;
}
