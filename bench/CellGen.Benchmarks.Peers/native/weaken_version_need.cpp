// weaken_version_need FILE VERSION: marks FILE's requirement of the symbol version VERSION (for example GLIBCXX_3.4.32)
// as weak (VER_FLG_WEAK in its .gnu.version_r entry), in place.
//
// patchelf --clear-symbol-version unversions the one symbol that needed GLIBCXX_3.4.32, but leaves the library's
// list of needed versions alone, and the dynamic loader refuses a library that needs a version its dependency lacks
// ("version `GLIBCXX_3.4.32' not found") before looking at any symbol. A weak version need that is missing is no
// error. Idempotent; prints what it changed.
#include <elf.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

int main(int argc, char** argv)
{
    if (argc != 3)
    {
        std::fprintf(stderr, "usage: %s FILE VERSION\n", argv[0]);
        return 2;
    }

    std::ifstream in(argv[1], std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    if (bytes.size() < sizeof(Elf64_Ehdr) || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0 || bytes[EI_CLASS] != ELFCLASS64)
    {
        std::fprintf(stderr, "%s: not a 64-bit ELF file\n", argv[1]);
        return 1;
    }

    auto* header = reinterpret_cast<Elf64_Ehdr*>(bytes.data());
    auto* sections = reinterpret_cast<Elf64_Shdr*>(bytes.data() + header->e_shoff);
    int changed = 0, found = 0;
    for (int s = 0; s < header->e_shnum; s++)
    {
        if (sections[s].sh_type != SHT_GNU_verneed)
        {
            continue;
        }

        const char* strings = bytes.data() + sections[sections[s].sh_link].sh_offset;
        char* need = bytes.data() + sections[s].sh_offset;
        for (;;)
        {
            auto* verneed = reinterpret_cast<Elf64_Verneed*>(need);
            char* aux = need + verneed->vn_aux;
            for (int a = 0; a < verneed->vn_cnt; a++)
            {
                auto* vernaux = reinterpret_cast<Elf64_Vernaux*>(aux);
                if (std::strcmp(strings + vernaux->vna_name, argv[2]) == 0)
                {
                    found++;
                    if ((vernaux->vna_flags & VER_FLG_WEAK) == 0)
                    {
                        vernaux->vna_flags |= VER_FLG_WEAK;
                        changed++;
                    }
                }

                aux += vernaux->vna_next;
            }

            if (verneed->vn_next == 0)
            {
                break;
            }

            need += verneed->vn_next;
        }
    }

    if (changed > 0)
    {
        std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out)
        {
            std::fprintf(stderr, "%s: cannot write\n", argv[1]);
            return 1;
        }
    }

    std::printf("%s: %d need(s) of %s, %d made weak\n", argv[1], found, argv[2], changed);
    return 0;
}
