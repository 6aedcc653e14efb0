-- Citeproc's work kept and replayed, for a body edited where it cites nothing new.
--
-- What citeproc does to an author-date or numeric document is a function of its citations
-- alone (their keys, modes, prefixes, suffixes and notes, in order), the bibliography, the
-- style and the metadata: it fills each citation and appends the reference list. So:
--
-- * `repropub-citeproc-record` (a file): this filter runs last in a citeproc run and writes
--   there, as pandoc's JSON, every citation as citeproc and the narrative filter left it, in
--   the order a walk meets them, and the reference list, when citeproc appended it at the end.
-- * `repropub-citeproc-replay` (that file): citeproc does not run. numbering.lua loads this
--   file as a library (`loadfile(...)("library")`) and, in the walk that resolves
--   cross-references, puts each recorded citation in place of the body's (one pass over the
--   citations instead of a filter of its own: each Lua filter costs a pass over the whole
--   document). It stops with an error, and the caller runs citeproc, unless the body has the
--   recorded citations in the same order with the same keys, modes, prefixes, suffixes and
--   notes, and no reference list of its own; else the recorded list is appended.
--
-- A note style moves citations into notes and punctuation around them: the caller records
-- only for in-text styles.

local stringify = pandoc.utils.stringify

local function cites_of(doc)
  local found = pandoc.List()
  doc:walk({ Cite = function(cite) found:insert(cite) end })
  return found
end

local function is_refs(block)
  return block and block.t == "Div" and block.identifier == "refs"
end

local function record(doc, path)
  local blocks = { pandoc.Plain(cites_of(doc)) }
  local last = doc.blocks[#doc.blocks]
  local lists = 0
  doc.blocks:walk({ Div = function(div)
    if div.identifier == "refs" then lists = lists + 1 end
  end })
  if lists > (is_refs(last) and 1 or 0) then
    return -- the body places its own reference list: never replayed
  end
  if is_refs(last) then
    blocks[2] = last
  end
  local file = assert(io.open(path, "w"))
  file:write(pandoc.write(pandoc.Pandoc(blocks), "json"))
  file:close()
end

local function changed()
  error("repropub-replay: the citations changed")
end

-- whether two citations render alike: what citeproc reads of them (the hash is a counter)
local function same_citations(a, b)
  if #a ~= #b then
    return false
  end
  for i = 1, #a do
    local x, y = a[i], b[i]
    if x.id ~= y.id or x.mode ~= y.mode or x.note_num ~= y.note_num
        or x.prefix ~= y.prefix or x.suffix ~= y.suffix then
      return false
    end
  end
  return true
end

-- The replay, as numbering.lua drives it: `start` with the recorded file, `check_div` for
-- each Div (a body with its own #refs is never replayed), `cite` for each citation left to
-- citeproc in walk order (returns the recorded one), `finish` with the document.
local function replayer(path)
  local file = assert(io.open(path, "r"))
  local kept = pandoc.read(file:read("a"), "json")
  file:close()
  local cites = kept.blocks[1].content
  local index = 0
  local self = {}
  function self.check_div(div)
    if div.identifier == "refs" then
      error("repropub-replay: the body has a #refs div")
    end
  end
  function self.cite(cite)
    index = index + 1
    local recorded = cites[index]
    if not recorded or not same_citations(recorded.citations, cite.citations) then
      changed()
    end
    return recorded
  end
  function self.finish(doc)
    if index ~= #cites then
      changed()
    end
    if kept.blocks[2] then
      doc.blocks:insert(kept.blocks[2])
    end
    return doc
  end
  return self
end

if ... == "library" then
  return { replayer = replayer }
end

function Pandoc(doc)
  local recording = doc.meta["repropub-citeproc-record"]
  if recording then
    record(doc, stringify(recording))
  end
  return nil
end
