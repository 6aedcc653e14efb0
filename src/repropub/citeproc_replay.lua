-- Citeproc's work kept and replayed, for a body edited where it cites nothing new.
--
-- What citeproc does to an author-date or numeric document is a function of its citations
-- alone (their keys, modes, prefixes, suffixes and notes, in order), the bibliography, the
-- style and the metadata: it fills each citation and appends the reference list. So:
--
-- * `repropub-citeproc-record` (a file): this filter runs last in a citeproc run and writes
--   there, as pandoc's JSON, every citation as citeproc and the narrative filter left it, in
--   the order a walk meets them, and the reference list, when citeproc appended it at the end.
-- * `repropub-citeproc-replay` (that file): this filter runs instead of citeproc. It stops
--   with an error, and the caller runs citeproc, unless the body has the recorded citations
--   in the same order with the same keys, modes, prefixes, suffixes and notes, and no
--   reference list of its own; else it puts the recorded citations and the list in place.
--
-- A note style moves citations into notes and punctuation around them: the caller records
-- only for in-text styles.

local stringify = pandoc.utils.stringify

-- what decides how citeproc renders a citation (its hash is only a counter)
local function signature(cite)
  local parts = {}
  for _, c in ipairs(cite.citations) do
    parts[#parts + 1] = pandoc.json.encode({
      c.id, c.mode, c.note_num, pandoc.json.encode(c.prefix), pandoc.json.encode(c.suffix),
    })
  end
  return table.concat(parts, "\n")
end

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

local function replay(doc, path)
  local file = assert(io.open(path, "r"))
  local kept = pandoc.read(file:read("a"), "json")
  file:close()
  local cites = kept.blocks[1].content
  local index = 0
  doc.blocks:walk({ Div = function(div)
    if div.identifier == "refs" then error("repropub-replay: the body has a #refs div") end
  end })
  doc = doc:walk({ Cite = function(cite)
    index = index + 1
    local recorded = cites[index]
    if not recorded or signature(recorded) ~= signature(cite) then
      error("repropub-replay: the citations changed")
    end
    return recorded
  end })
  if index ~= #cites then
    error("repropub-replay: the citations changed")
  end
  if kept.blocks[2] then
    doc.blocks:insert(kept.blocks[2])
  end
  return doc
end

function Pandoc(doc)
  local recording = doc.meta["repropub-citeproc-record"]
  local replaying = doc.meta["repropub-citeproc-replay"]
  if recording then
    record(doc, stringify(recording))
    return nil
  end
  if replaying then
    return replay(doc, stringify(replaying))
  end
  return nil
end
