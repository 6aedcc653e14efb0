-- Narrative citations (`@lee2021` without brackets) as journals print them. Runs after
-- --citeproc.
--
-- APA: "Lee and Park (2021)" in running text, where pandoc's citeproc writes "Lee & Park
-- (2021)" (APA 7, 8.17: "&" only inside parentheses); only when the metadata sets
-- repropub-narrative-and (the style is an APA style).
--
-- Numeric styles (IEEE, Vancouver): citeproc writes the number alone ("[1] compared two
-- valleys"), a sentence without a subject; journals print "Lee and Park [1]", "Okafor [2]",
-- "Smith et al. [3]". A narrative citation whose text does not hold its first author's name
-- gets the names before it, so author-date styles, which print the name, are left alone.

local stringify = pandoc.utils.stringify

local apa_and = false
local conjunction = "and"

-- The author part of a narrative citation is everything before the first "(" or link (the
-- year); an "&" there is the connector between the last two authors.
local function narrative_and(cite)
  local changed = false
  for i, inline in ipairs(cite.content) do
    if inline.t == "Link" or (inline.t == "Str" and inline.text:sub(1, 1) == "(") then
      break
    end
    if inline.t == "Str" and inline.text == "&" then
      cite.content[i] = pandoc.Str("and")
      changed = true
    end
  end
  return changed
end

-- a name as the running text gives it: the family name with its particle ("van Gogh"), or an
-- organisation's name as written
local function surname(name)
  if type(name) ~= "table" then
    return stringify(name)
  end
  if name.literal then
    return stringify(name.literal)
  end
  local family = name.family and stringify(name.family) or ""
  local particle = name["non-dropping-particle"] and stringify(name["non-dropping-particle"])
  if particle and particle ~= "" then
    family = particle .. " " .. family
  end
  return family
end

-- "Okafor", "Lee and Park", "Smith et al." (three or more, as Vancouver and IEEE abbreviate)
local function names_of(item)
  local names = item.author or item.editor
  if not names or #names == 0 then
    return nil
  end
  local first = surname(names[1])
  if first == "" then
    return nil
  end
  if #names == 1 then
    return { first }
  elseif #names == 2 then
    return { first, conjunction, surname(names[2]) }
  end
  return { first, "et", "al." }
end

local function words(list)
  local out = pandoc.Inlines({})
  for index, word in ipairs(list) do
    if index > 1 then
      out:insert(pandoc.Space())
    end
    out:insert(pandoc.Str(word))
  end
  return out
end

local function is_narrative(cite)
  for _, citation in ipairs(cite.citations) do
    if citation.mode ~= "AuthorInText" then
      return false
    end
  end
  return true
end

-- a narrative citation in a numeric style: its authors' names before the number
local function add_names(cite, items)
  local citation = cite.citations[1]
  local item = items[citation.id]
  local names = item and names_of(item)
  if #cite.citations ~= 1 or not names then
    return false
  end
  local shown = stringify(cite.content)
  if shown:find(names[1], 1, true) then
    return false -- the style printed the name itself
  end
  local content = words(names)
  content:insert(pandoc.Space())
  content:extend(cite.content)
  cite.content = content
  return true
end

function Pandoc(doc)
  apa_and = doc.meta["repropub-narrative-and"] == true
  local given = doc.meta["repropub-crossref"]
  if given and given["and"] then
    conjunction = stringify(given["and"])
  end
  local narrative = pandoc.Inlines({})
  doc:walk({
    Cite = function(cite)
      if is_narrative(cite) then
        narrative:insert(cite)
      end
    end,
  })
  if #narrative == 0 then
    return nil -- reading the references costs time for nothing
  end
  -- only the works cited narratively are looked up: pandoc.utils.references gives the works
  -- a document cites (all of them with nocite "@*"), and converting each entry of the
  -- bibliography again costs seconds at thousands of entries
  local meta = {}
  for key, value in pairs(doc.meta) do
    if key ~= "nocite" then
      meta[key] = value
    end
  end
  local items = {}
  local cited = pandoc.Pandoc({ pandoc.Plain(narrative) }, meta)
  for _, item in ipairs(pandoc.utils.references(cited)) do
    items[item.id] = item
  end
  return doc:walk({
    Cite = function(cite)
      if not is_narrative(cite) then
        return nil
      end
      local changed = apa_and and narrative_and(cite)
      changed = add_names(cite, items) or changed
      return changed and cite or nil
    end,
  })
end
