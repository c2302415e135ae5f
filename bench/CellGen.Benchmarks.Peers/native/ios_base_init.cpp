// Lets TorchSharp 0.107.0's libLibTorchSharp.so load on a libstdc++ older than GCC 13 (Debian 12 ships GLIBCXX_3.4.30).
// The library was linked against GCC 13's libstdc++, whose <iostream> references std::ios_base_library_init()
// (versioned GLIBCXX_3.4.32) to initialize the standard streams. Older libstdc++ initializes them itself, so an empty
// definition is enough. run.sh compiles this, preloads it with LD_PRELOAD, and clears the symbol's version
// requirement from the build-output copy of libLibTorchSharp.so with patchelf.
namespace std
{
    void ios_base_library_init() {}
}
