# Generates a .cpp holding resources/sim/*.json as byte arrays, so the default markets are
# compiled in (core has no Qt resources). Run with -DOUT=<file> -DINPUTS=<a.json;b.json>.
set(body "#include \"sim/market.h\"\n\nnamespace scriptorium::sim {\nnamespace {\n")
set(lookup "")
foreach(input IN LISTS INPUTS)
  get_filename_component(stem "${input}" NAME_WE)
  file(READ "${input}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "const unsigned char k_${stem}[] = {${bytes}};\n")
  string(APPEND lookup "    if (name == \"${stem}\")\n        return std::string(reinterpret_cast<const char *>(k_${stem}), sizeof(k_${stem}));\n")
endforeach()
string(APPEND body "} // namespace\n\nstd::string embeddedMarket(const std::string &name)\n{\n${lookup}    return {};\n}\n\n} // namespace scriptorium::sim\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
