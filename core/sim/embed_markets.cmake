# Generates a .cpp holding resources/sim/*.json as byte arrays, so the default markets are
# compiled in (core has no Qt resources). Run with -DOUT=<file> -DINPUTS=<a.json;b.json>.
# A profile is loaded by its file stem ("slow-first"); the array name is a C identifier.
set(body "#include \"sim/market.h\"\n\nnamespace scriptorium::sim {\nnamespace {\n")
set(lookup "")
set(names "")
foreach(input IN LISTS INPUTS)
  get_filename_component(stem "${input}" NAME_WE)
  string(MAKE_C_IDENTIFIER "k_${stem}" symbol)
  file(READ "${input}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "const unsigned char ${symbol}[] = {${bytes}};\n")
  string(APPEND lookup "    if (name == \"${stem}\")\n        return std::string(reinterpret_cast<const char *>(${symbol}), sizeof(${symbol}));\n")
  string(APPEND names "\"${stem}\", ")
endforeach()
string(APPEND body "} // namespace\n\nstd::string embeddedMarket(const std::string &name)\n{\n${lookup}    return {};\n}\n\n")
string(APPEND body "std::vector<std::string> embeddedMarketNames()\n{\n    return {${names}};\n}\n\n} // namespace scriptorium::sim\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
